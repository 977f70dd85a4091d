package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"
	"time"

	"vitrine/ingest"
	"vitrine/regfile"
	"vitrine/store"
)

const eventsCheckHelp = `Usage: vitrine events check --registry registry.yaml EVENTS.ndjson   ("-" reads standard input)

Checks a file of events (NDJSON, one event a line, as "vitrine import" and the API take them) offline, against
a registry file: no database is needed. It reports, by line, each event the API would refuse (with the API's
own message), and each event that names a system, purpose, data category or decision factor the registry file
does not describe ("shadow AI": vitrine would keep such events and flag them). A summary lists each of those
names with its number of events and its first line.

The file is read as it streams, in constant memory, however long it is. The command exits with status 1 when
an event is invalid or names something the registry does not describe, 0 when every event is fine.
`

// maxGaps bounds how many different undescribed names the summary keeps, so a file of millions of events that
// each name a different system still checks in constant memory; the ones beyond are counted together.
const maxGaps = 10000

// gap is one name the events use and the registry file does not describe.
type gap struct {
	kind, name string // kind: system, purpose, data category, factor; name: the slug, or "system/key" for a factor
	events     int
	first      int // line of the first event naming it
}

// eventsCheck is what a check has found so far.
type eventsCheck struct {
	name                     string // the events file, as messages name it
	w                        io.Writer
	systems                  map[string]regfile.System
	purposes                 map[string]bool
	cats                     map[string]bool
	gaps                     map[string]*gap
	overflow                 int // events naming a name beyond maxGaps
	events, invalid, unknown int
}

// cmdEvents runs the events subcommands; check is the only one.
func cmdEvents(ctx context.Context, args []string, stdin io.Reader, out io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		return errors.New("events: usage: vitrine events check --registry registry.yaml EVENTS.ndjson")
	}
	return cmdEventsCheck(ctx, args[1:], stdin, out)
}

// cmdEventsCheck checks a file of events against a registry file, offline.
func cmdEventsCheck(ctx context.Context, args []string, stdin io.Reader, out io.Writer) error {
	fs := newFlags("events check")
	fs.SetOutput(out)
	fs.Usage = func() { fmt.Fprint(out, eventsCheckHelp+"\nFlags:\n"); fs.PrintDefaults() }
	registry := fs.String("registry", "", "the registry file (YAML, as vitrine registry export writes it) the events are checked against (required)")
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *registry == "" || fs.NArg() != 1 {
		return errors.New("events check: usage: vitrine events check --registry registry.yaml EVENTS.ndjson")
	}
	data, err := os.ReadFile(*registry)
	if err != nil {
		return fmt.Errorf("events check: %w", err)
	}
	f, errs := regfile.Parse(data)
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintf(out, "%s:%d: %s\n", *registry, e.Line, e.Message)
		}
		return fmt.Errorf("events check: the registry file %s has %s; fix them first (vitrine registry lint %s)", *registry, countOf(len(errs), "problem"), *registry)
	}
	name, in := fs.Arg(0), stdin
	if name == "-" {
		name = "stdin"
	} else {
		file, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("events check: %w", err)
		}
		defer file.Close()
		in = file
	}
	bw := bufio.NewWriter(out)
	defer bw.Flush()
	c := &eventsCheck{name: name, w: bw, systems: map[string]regfile.System{}, purposes: map[string]bool{}, cats: map[string]bool{}, gaps: map[string]*gap{}}
	for _, s := range f.Systems {
		c.systems[s.Slug] = s
	}
	for _, p := range f.Purposes {
		c.purposes[p.Slug] = true
	}
	for _, d := range f.DataCategories {
		c.cats[d.Slug] = true
	}
	readErr := c.read(ctx, in)
	c.summary()
	if readErr != nil {
		return fmt.Errorf("events check: stopped at %s: %w", name, readErr)
	}
	if c.invalid > 0 || c.unknown > 0 {
		return fmt.Errorf("events check: %s invalid, %s naming what the registry does not describe", countOf(c.invalid, "event"), countOf(c.unknown, "event"))
	}
	return nil
}

// read checks every event of in, batch by batch through the reader the import and the API use, so an event is
// valid here exactly when they would take it (batches are as large as the import's, since ids repeated within a
// batch are refused).
func (c *eventsCheck) read(ctx context.Context, in io.Reader) error {
	r := ingest.NewNDJSONReader(in, time.Now())
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		items, err := r.Next(importBatch)
		for _, it := range items {
			c.check(it)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// check reports one event: its problems when the API would refuse it, else the names it uses that the registry
// file does not describe.
func (c *eventsCheck) check(it ingest.Item) {
	c.events++
	if len(it.Errors) > 0 {
		c.invalid++
		for _, fe := range it.Errors {
			fmt.Fprintf(c.w, "%s:%d: %s\n", c.name, it.Line, fieldMessage(fe.Field, fe.Message))
		}
		return
	}
	ev := it.Event
	unknown := false
	miss := func(kind, name, msg string) {
		unknown = true
		fmt.Fprintf(c.w, "%s:%d: %s\n", c.name, it.Line, msg)
		c.count(kind, name, it.Line)
	}
	sys, described := c.systems[ev.System]
	if !described {
		miss("system", ev.System, fmt.Sprintf("system %q is not in the registry; describe it before you send such events", ev.System))
	}
	if !c.purposes[ev.Purpose] {
		miss("purpose", ev.Purpose, fmt.Sprintf("purpose %q is not in the registry; describe it before you send such events", ev.Purpose))
	}
	cats := append([]string(nil), ev.DataCategories...)
	keys := factorKeys(ev.Explanation, &cats)
	seen := map[string]bool{}
	for _, cat := range cats {
		if !c.cats[cat] && !seen[cat] {
			seen[cat] = true
			miss("data category", cat, fmt.Sprintf("data category %q is not in the registry; describe it before you send such events", cat))
		}
	}
	for _, key := range keys {
		// The factors of a system the registry does not describe are all unknown: the system says it already.
		if described && !hasFactor(sys, key) {
			miss("factor", ev.System+"/"+key, fmt.Sprintf("factor %q of system %q is not in the registry; list it under the system's factors before you send such events", key, ev.System))
		}
	}
	if unknown {
		c.unknown++
	}
}

// factorKeys lists the registry factor keys a decision's explanation names (factors and counterfactuals), once
// each in order, and adds the data categories its factors name to cats.
func factorKeys(x *store.Explanation, cats *[]string) []string {
	if x == nil {
		return nil
	}
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, f := range x.Factors {
		add(f.Key)
		if f.DataCategory != "" {
			*cats = append(*cats, f.DataCategory)
		}
	}
	for _, cf := range x.Counterfactuals {
		add(cf.Factor)
	}
	return keys
}

func hasFactor(s regfile.System, key string) bool {
	for _, f := range s.Factors {
		if f.Key == key {
			return true
		}
	}
	return false
}

// count adds an event to the summary line of a name.
func (c *eventsCheck) count(kind, name string, line int) {
	k := kind + "\x00" + name
	g, ok := c.gaps[k]
	if !ok {
		if len(c.gaps) >= maxGaps {
			c.overflow++
			return
		}
		g = &gap{kind: kind, name: name, first: line}
		c.gaps[k] = g
	}
	g.events++
}

// summary prints the table of names the registry does not describe, by kind then first line, and the totals.
func (c *eventsCheck) summary() {
	if len(c.gaps) > 0 {
		order := map[string]int{"system": 0, "purpose": 1, "data category": 2, "factor": 3}
		gaps := make([]*gap, 0, len(c.gaps))
		for _, g := range c.gaps {
			gaps = append(gaps, g)
		}
		sort.Slice(gaps, func(i, j int) bool {
			if a, b := order[gaps[i].kind], order[gaps[j].kind]; a != b {
				return a < b
			}
			return gaps[i].first < gaps[j].first
		})
		fmt.Fprintln(c.w, "\nNot in the registry:")
		tw := tabwriter.NewWriter(c.w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  KIND\tNAME\tEVENTS\tFIRST LINE")
		for _, g := range gaps {
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\n", g.kind, g.name, g.events, g.first)
		}
		tw.Flush()
		if c.overflow > 0 {
			fmt.Fprintf(c.w, "  and %s, naming more names than this table can list (it keeps %d)\n", countOf(c.overflow, "more event"), maxGaps)
		}
	}
	if c.invalid == 0 && c.unknown == 0 {
		fmt.Fprintf(c.w, "%s: %s, all valid and described in the registry\n", c.name, countOf(c.events, "event"))
		return
	}
	fmt.Fprintf(c.w, "%s: %s: %d invalid, %d naming what the registry does not describe\n", c.name, countOf(c.events, "event"), c.invalid, c.unknown)
}
