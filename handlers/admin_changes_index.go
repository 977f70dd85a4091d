package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/labstack/echo/v4"

	"vitrine/views"
)

// adminChangesLimit bounds the log page; the registry changes a few times a week, so this covers months.
const adminChangesLimit = 200

// adminChangesIndex is the registry's change log: who changed what, when, and each field before and after.
func (s *Server) adminChangesIndex(c echo.Context) error {
	sc := currentStaff(c)
	changes, err := s.DB.RegistryChanges(c.Request().Context(), sc.Brand.ID, time.Time{}, adminChangesLimit)
	if err != nil {
		return err
	}
	vm := views.AdminChangesPage{AdminPage: s.adminPage(c, "changes", "admin.changes.title")}
	l := vm.L
	vm.Empty = l.T("admin.changes.empty")
	for _, ch := range changes {
		actor := ch.Actor
		if ch.ProposedBy != "" {
			actor = l.T("admin.changes.approved_by", ch.Actor, ch.ProposedBy)
		}
		// Registry entries are shown field by field in words, as on a proposal; other records by their fields.
		fields := diffJSON(ch.Before, ch.After)
		if after := decodeEntry(ch.Entity, ch.After); after != nil {
			fields = entryDiff(l, decodeEntry(ch.Entity, ch.Before), after)
		}
		vm.Changes = append(vm.Changes, views.AdminChange{
			ISO: ch.At.Format(time.RFC3339), When: l.DateTime(ch.At), Actor: actor,
			What:   l.T("admin.change."+ch.Change, l.T("admin.entity."+ch.Entity), ch.Slug),
			Fields: fields,
		})
	}
	return Render(c, http.StatusOK, views.AdminChanges(vm))
}

// diffJSON lists the top-level fields whose value differs between two JSON records, sorted by name; a field
// holding an object (the texts by language) is shown as compact JSON.
func diffJSON(before, after string) []views.AdminDiff {
	var b, a map[string]any
	_ = json.Unmarshal([]byte(before), &b)
	_ = json.Unmarshal([]byte(after), &a)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []views.AdminDiff
	for k := range keys {
		bv, av := jsonValue(b[k]), jsonValue(a[k])
		if bv != av {
			out = append(out, views.AdminDiff{Field: k, Before: bv, After: av})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

func jsonValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case map[string]any, []any:
		j, _ := json.Marshal(x)
		return string(j)
	}
	return fmt.Sprint(v)
}
