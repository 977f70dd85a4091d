package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The parts of the driver that reach outside its process: a server process of its own per database (--spawn),
// the server's profiles under load (--profile-dir), wrk (--wrk) and the report in BENCHMARKS.md (--markdown).

// childServer is a `vitrine serve` the driver started.
type childServer struct {
	cmd           *exec.Cmd
	exited        chan error
	base, metrics string
	pid           int
}

// spawnServer starts this binary's `serve` on the database at path, on free local ports, with its metrics and
// pprof on a private one, and waits until it answers /healthz.
func spawnServer(ctx context.Context, path string) (*childServer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	ports := make([]string, 2)
	for i := range ports {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ports[i] = ln.Addr().String()
		ln.Close()
	}
	// No retention run: deleting the seed's old uses beside the load would measure the deletion, not the pages.
	cmd := exec.Command(exe, "serve", "--db", path, "--addr", ports[0], "--metrics-addr", ports[1], "--retention=false")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start the server: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	c := &childServer{cmd: cmd, exited: exited, base: "http://" + ports[0], metrics: "http://" + ports[1], pid: cmd.Process.Pid}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		select {
		case err := <-exited:
			return nil, fmt.Errorf("bench: the server stopped before it answered: %v", err)
		case <-ctx.Done():
			cmd.Process.Kill()
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if resp, err := http.Get(c.base + "/healthz"); err == nil {
			discard(resp)
			if resp.StatusCode == http.StatusOK {
				return c, nil
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			return nil, fmt.Errorf("bench: the server did not answer %s/healthz within 2 minutes", c.base)
		}
	}
}

// stop ends the server as an operator would (SIGTERM: it finishes what is in flight and closes the database).
func (c *childServer) stop() {
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
		<-c.exited
	}
}

// profiler fetches, from the server's private metrics address, a 10-second CPU profile and a 3-second execution
// trace while the scenario beside it runs, into dir as label.cpu.pprof and label.trace: what a tail is made of
// (GC, the page line, the writer) shows there, not in the latencies.
func profiler(ctx context.Context, metrics, dir, label string, out io.Writer) func(stop <-chan struct{}) {
	return func(stop <-chan struct{}) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintf(out, "  profile: %v\n", err)
			return
		}
		var wg sync.WaitGroup
		for _, p := range []struct{ path, file string }{
			{"/debug/pprof/profile?seconds=10", label + ".cpu.pprof"},
			{"/debug/pprof/trace?seconds=3", label + ".trace"},
		} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if p.file == label+".trace" {
					time.Sleep(4 * time.Second) // in the middle of the profile's window
				}
				if err := fetchTo(ctx, metrics+p.path, filepath.Join(dir, p.file)); err != nil {
					fmt.Fprintf(out, "  profile %s: %v\n", p.file, err)
				}
			}()
		}
		wg.Wait()
	}
}

func fetchTo(ctx context.Context, u, file string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", u, resp.StatusCode)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// wrkScript rotates the sessions' cookies over wrk's requests, each thread from its own random start, and
// prints wrk's own percentiles (microseconds) on one line the driver reads.
const wrkScript = `cookies = {%s}
counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(id * 7919)
end
function request()
  return wrk.format("GET", nil, {["Cookie"] = cookies[math.random(#cookies)], ["Accept-Encoding"] = "gzip", ["Accept-Language"] = "en"})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("VITRINE p50=%%d p99=%%d requests=%%d duration=%%d errors=%%d\n",
    latency:percentile(50), latency:percentile(99), summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout))
end
`

var wrkLine = regexp.MustCompile(`VITRINE p50=(\d+) p99=(\d+) requests=(\d+) duration=(\d+) errors=(\d+)`)

// runWrk drives page with wrk (2 threads, conns connections, for d), each request as one of the sessions, with
// side running beside it, and reads wrk's figures.
func runWrk(ctx context.Context, wrk, name, page string, sessions []*http.Client, conns int, d time.Duration, side func(stop <-chan struct{})) (result, error) {
	u, err := url.Parse(page)
	if err != nil {
		return result{}, err
	}
	var quoted []string
	for _, s := range sessions {
		var parts []string
		for _, c := range s.Jar.Cookies(u) {
			parts = append(parts, c.Name+"="+c.Value)
		}
		quoted = append(quoted, strconv.Quote(strings.Join(parts, "; ")))
	}
	script, err := os.CreateTemp("", "vitrine-wrk-*.lua")
	if err != nil {
		return result{}, err
	}
	defer os.Remove(script.Name())
	fmt.Fprintf(script, wrkScript, strings.Join(quoted, ", "))
	script.Close()

	l0 := loadAverage()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	if side != nil {
		wg.Add(1)
		go func() { defer wg.Done(); side(stop) }()
	}
	threads := min(conns, max(1, runtime.NumCPU()))
	cmd := exec.CommandContext(ctx, wrk, "-t", strconv.Itoa(threads), "-c", strconv.Itoa(conns),
		"-d", strconv.Itoa(max(1, int(d.Seconds())))+"s", "--latency", "-s", script.Name(), page)
	outb, err := cmd.CombinedOutput()
	close(stop)
	wg.Wait()
	if err != nil {
		return result{}, fmt.Errorf("bench: wrk: %w: %s", err, outb)
	}
	m := wrkLine.FindSubmatch(outb)
	if m == nil {
		return result{}, fmt.Errorf("bench: wrk printed no figures: %s", outb)
	}
	n := func(i int) int64 { v, _ := strconv.ParseInt(string(m[i]), 10, 64); return v }
	r := result{name: name, n: int(n(3)), errs: int(n(5)), p50: time.Duration(n(1)) * time.Microsecond,
		p99: time.Duration(n(2)) * time.Microsecond, load: l0, by: "wrk"}
	if dur := n(4); dur > 0 {
		r.rps = float64(n(3)) / (float64(dur) / 1e6)
	}
	return r, nil
}

// The report goes into BENCHMARKS.md between these lines, replacing the last one written there.
const (
	mdBegin = "<!-- vitrine bench --markdown: begin -->"
	mdEnd   = "<!-- vitrine bench --markdown: end -->"
)

// writeMarkdown puts the report into the Markdown file, with when, which commit and on what machine.
func writeMarkdown(file, report string) error {
	old, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	rev := "unknown commit"
	if bi, ok := debug.ReadBuildInfo(); ok {
		var r, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				r = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = " with uncommitted changes"
				}
			}
		}
		if len(r) >= 7 {
			rev = "commit `" + r[:7] + "`" + dirty
		}
	}
	if rev == "unknown commit" { // built without VCS stamping (GOFLAGS=-buildvcs=false): ask git
		if out, err := exec.Command("git", "rev-parse", "--short=7", "HEAD").Output(); err == nil {
			rev = "commit `" + strings.TrimSpace(string(out)) + "`"
			if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
				rev += " with uncommitted changes"
			}
		}
	}
	var b strings.Builder
	b.WriteString(mdBegin + "\n## Latest `make bench-load`, as printed\n\n")
	fmt.Fprintf(&b, "Written by `vitrine bench --markdown` on %s from the binary of %s, on %d cores (%s). The `load` column is the\n"+
		"machine's 1-minute load average just before each scenario; `by` says whether the in-repo driver or wrk measured it.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), rev, runtime.NumCPU(), cpuName())
	b.WriteString("```\n" + strings.TrimSpace(report) + "\n```\n" + mdEnd)
	text := string(old)
	if i, j := strings.Index(text, mdBegin), strings.Index(text, mdEnd); i >= 0 && j > i {
		text = text[:i] + b.String() + text[j+len(mdEnd):]
	} else {
		text = strings.TrimRight(text, "\n") + "\n\n" + b.String() + "\n"
	}
	return os.WriteFile(file, []byte(text), 0o644)
}

// cpuName is the processor's model name as /proc/cpuinfo gives it.
func cpuName() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
