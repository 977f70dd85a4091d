package main

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestSoakVerdict checks what fails a soak: errors outside the restart window, lost acknowledged events, rollups
// that differ from the events, and memory, open files or goroutines that keep growing after warm-up; and what
// does not: errors during the restart, growth during warm-up, a sample taken while the server was down.
func TestSoakVerdict(t *testing.T) {
	sample := func(at time.Duration, run int, rssMB int64, files, gor int) soakSample {
		return soakSample{At: at, Run: run, RSS: rssMB << 10, OpenFiles: files, Goroutines: gor}
	}
	steady := func() soakReport {
		return soakReport{KillAt: 300 * time.Second, UpAt: 301 * time.Second, WarmUp: time.Minute, Acked: 1000, Stored: 1000,
			RestartErrors: 12, Samples: []soakSample{
				sample(30*time.Second, 1, 30, 20, 40), // warm-up: lower, not the baseline
				sample(90*time.Second, 1, 60, 30, 50),
				sample(300*time.Second, 1, 0, 0, -1), // the server was down
				sample(390*time.Second, 2, 50, 28, 50),
				sample(600*time.Second, 2, 64, 31, 55),
			}}
	}
	tests := []struct {
		name   string
		change func(r *soakReport)
		want   string // "" passes
	}{
		{"steady, errors only during the restart", func(*soakReport) {}, ""},
		{"an error outside the restart window", func(r *soakReport) { r.Errors, r.FirstErrors = 1, []string{"status 500"} }, "1 errors outside the restart window (first: status 500)"},
		{"a lost acknowledged event", func(r *soakReport) { r.Stored = 999 }, "1 acknowledged events are missing"},
		{"more stored than acknowledged (a batch cut by the kill)", func(r *soakReport) { r.Stored = 1050 }, ""},
		{"rollups differ", func(r *soakReport) { r.RollupErr = errors.New("rollup_daily differs") }, "rollups differ from the raw events"},
		{"memory keeps growing after the restart", func(r *soakReport) { r.Samples[4].RSS = 90 << 10 }, "memory grew after warm-up (run 2)"},
		{"memory keeps growing before the restart", func(r *soakReport) {
			r.Samples = append(r.Samples[:2], append([]soakSample{sample(280*time.Second, 1, 120, 30, 50)}, r.Samples[2:]...)...)
		}, "memory grew after warm-up (run 1)"},
		{"open files keep growing", func(r *soakReport) { r.Samples[4].OpenFiles = 80 }, "open files grew after warm-up (run 2): 28 to 80"},
		{"goroutines keep growing", func(r *soakReport) { r.Samples[4].Goroutines = 500 }, "goroutines grew after warm-up (run 2): 50 to 500"},
		{"the driver fell behind", func(r *soakReport) { r.DriverOverloads = 3 }, "the server fell behind the rate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := steady()
			tt.change(&r)
			got := strings.Join(r.verdict(), "; ")
			if tt.want == "" && got != "" {
				t.Fatalf("failed: %s", got)
			}
			if tt.want != "" && !strings.Contains(got, tt.want) {
				t.Fatalf("verdict %q, want it to say %q", got, tt.want)
			}
		})
	}
}

// TestSoakRestartWindow checks which requests count as the restart's: those that overlap the time from the kill
// to a second after the server answered again, including while it is not up yet.
func TestSoakRestartWindow(t *testing.T) {
	s := time.Second
	r := soakReport{KillAt: 100 * s}
	if !r.inRestart(99*s, 100*s) || !r.inRestart(101*s, 102*s) {
		t.Fatal("requests cut by the kill or sent while the server is down are not the restart's")
	}
	r.UpAt = 103 * s
	for _, tt := range []struct {
		start, end time.Duration
		want       bool
	}{
		{90 * s, 99 * s, false},  // done before the kill
		{99 * s, 100 * s, true},  // cut by the kill
		{102 * s, 103 * s, true}, // refused while restarting
		{104 * s, 104 * s, true}, // within a second of the restart
		{105 * s, 106 * s, false},
	} {
		if got := r.inRestart(tt.start, tt.end); got != tt.want {
			t.Errorf("request from %s to %s: in the restart window %v, want %v", tt.start, tt.end, got, tt.want)
		}
	}
	if (&soakReport{}).inRestart(10*s, 20*s) {
		t.Error("with no restart yet, no request is the restart's")
	}
}
