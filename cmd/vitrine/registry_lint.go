package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"vitrine/regfile"
)

const registryLintHelp = `Usage: vitrine registry lint FILE [FILE…]

Checks registry files offline, before they are applied: no database is needed, so a brand's CI can run it on
every change. Besides what "registry apply" checks (fields, values, slugs), it checks that every text customers
read is given in English and in French, that its sentences read at 60 or more (plain words, short sentences),
and that the DPV, TCF and fideslang codes exist in those vocabularies.

Each problem is printed as FILE:LINE: message, then a summary per file. Lines starting with "warning:" are
advice and do not fail. The command exits with status 1 when a file has problems, 0 when none has.
`

// cmdRegistryLint checks registry files offline and prints their problems, one line each, so an editor or a CI
// log can jump to them.
func cmdRegistryLint(args []string, out io.Writer) error {
	fs := newFlags("registry lint")
	fs.SetOutput(out)
	fs.Usage = func() { fmt.Fprint(out, registryLintHelp) }
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("registry lint: give the registry file to check: vitrine registry lint registry.yaml")
	}
	failed := 0
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("registry lint: %w", err)
		}
		problems, warnings := 0, 0
		for _, e := range regfile.Lint(data) {
			fmt.Fprintf(out, "%s:%d: %s\n", name, e.Line, e.Message)
			if e.IsWarning() {
				warnings++
			} else {
				problems++
			}
		}
		summary := "no problems"
		if problems > 0 {
			summary = countOf(problems, "problem")
			failed++
		}
		if warnings > 0 {
			summary += ", " + countOf(warnings, "warning")
		}
		fmt.Fprintf(out, "%s: %s\n", name, summary)
	}
	if failed > 0 {
		return fmt.Errorf("registry lint: %s with problems; fix them before you apply", countOf(failed, "file"))
	}
	return nil
}

// countOf says "1 problem" or "3 problems".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
