package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// outputIsTerminal reports whether w is a terminal. A progress bar redraws its line with carriage returns,
// which a terminal shows as one moving line but a pipe or a log file keeps as many glued copies, so the bar is
// drawn on terminals only. Tests replace it to see what a person at a terminal sees.
var outputIsTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressThrottle is the least time between two redraws of a bar: redrawing at every batch would cost more
// terminal output than the work is worth. Tests set it to zero to see every redraw.
var progressThrottle = 100 * time.Millisecond

// progress is a command's progress bar on its output, and the way to print lines while it is drawn: a line
// printed over the bar's line would be glued to it, or overwritten at the next redraw.
type progress struct {
	out io.Writer
	bar *progressbar.ProgressBar // nil: no bar (not a terminal, or not wanted)
}

// noProgress prints lines and draws no bar.
func noProgress(out io.Writer) *progress { return &progress{out: out} }

// newProgress draws a bar on out, when out is a terminal, that fills up to total; bytes counts bytes (of a file
// read) rather than items named unit.
func newProgress(out io.Writer, total int64, description, unit string, bytes bool) *progress {
	if !outputIsTerminal(out) || total <= 0 {
		return noProgress(out)
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(out),
		progressbar.OptionSetDescription(description),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(progressThrottle),
		progressbar.OptionShowCount(),
		// A finished bar is wiped, so that the summary the command prints next starts on a clean line.
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
	}
	if bytes {
		opts = append(opts, progressbar.OptionShowBytes(true))
	} else {
		opts = append(opts, progressbar.OptionSetItsString(unit), progressbar.OptionShowIts())
	}
	return &progress{out: out, bar: progressbar.NewOptions64(total, opts...)}
}

// set moves the bar to done of total; a new total (a count that grew as the work went) is taken on.
func (p *progress) set(done, total int64) {
	if p.bar == nil {
		return
	}
	if total > 0 && total != p.bar.GetMax64() {
		p.bar.ChangeMax64(total)
	}
	p.bar.Set64(min(done, p.bar.GetMax64())) // a drawing error is no reason to stop the work
}

// printf prints a line of its own: the bar is wiped from its line first, and drawn again below at its next
// step.
func (p *progress) printf(format string, a ...any) {
	if p.bar != nil && !p.bar.IsFinished() {
		p.bar.Clear()
	}
	fmt.Fprintf(p.out, format, a...)
}

// done wipes the bar if it is still drawn (the work stopped before the end) and stops it, so that whatever is
// printed next starts on a clean line.
func (p *progress) done() {
	if p.bar == nil {
		return
	}
	if !p.bar.IsFinished() {
		p.bar.Clear()
	}
	p.bar.Exit()
}
