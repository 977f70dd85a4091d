package plain

import (
	"fmt"
	"testing"
)

// TestFormatStringsIsSprintf compares formatStrings with fmt.Sprintf on the messages it takes and checks that
// it leaves the others to fmt.
func TestFormatStringsIsSprintf(t *testing.T) {
	for _, tt := range []struct {
		msg  string
		args []any
		ok   bool
	}{
		{"On %s, %s", []any{"3 Nov", "X used your data"}, true},
		{"%s", []any{""}, true},
		{"%s%s", []any{"a", "%s"}, true},
		{"100%s done", []any{"%"}, true},
		{"trailing %", []any{}, false},
		{"%s and %s", []any{"one"}, false},
		{"%s", []any{"one", "two"}, false},
		{"%d items", []any{"3"}, false},
		{"%s items", []any{3}, false},
		{"100%% sure %s", []any{"x"}, false},
		{"%[1]s", []any{"x"}, false},
	} {
		got, ok := formatStrings(tt.msg, tt.args)
		if ok != tt.ok || ok && got != fmt.Sprintf(tt.msg, tt.args...) {
			t.Errorf("formatStrings(%q, %q) = %q, %v; want %q, %v", tt.msg, tt.args, got, ok, fmt.Sprintf(tt.msg, tt.args...), tt.ok)
		}
		if format(tt.msg, tt.args) != fmt.Sprintf(tt.msg, tt.args...) {
			t.Errorf("format(%q, %q) differs from fmt.Sprintf", tt.msg, tt.args)
		}
	}
}
