package handlers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"vitrine/ingest"
)

// eventSchemaFromOpenAPI writes the standalone JSON Schema of an event from the OpenAPI document: its Event schema,
// and every component schema it refers to, directly or not, under $defs (OpenAPI 3.1 schemas are JSON Schema
// 2020-12, so only the references change).
func eventSchemaFromOpenAPI(t *testing.T, doc []byte) []byte {
	t.Helper()
	var api struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &api); err != nil {
		t.Fatal(err)
	}
	ref := regexp.MustCompile(`"#/components/schemas/([A-Za-z0-9_]+)"`)
	defs := map[string]json.RawMessage{}
	todo := []string{"Event"}
	for len(todo) > 0 {
		name := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if _, ok := defs[name]; ok {
			continue
		}
		raw, ok := api.Components.Schemas[name]
		if !ok {
			t.Fatalf("the OpenAPI document has no schema %s", name)
		}
		for _, m := range ref.FindAllSubmatch(raw, -1) {
			todo = append(todo, string(m[1]))
		}
		defs[name] = json.RawMessage(ref.ReplaceAll(raw, []byte(`"#/$$defs/$1"`)))
	}
	var event map[string]json.RawMessage
	if err := json.Unmarshal(defs["Event"], &event); err != nil {
		t.Fatal(err)
	}
	delete(defs, "Event")
	event["$schema"] = json.RawMessage(`"https://json-schema.org/draft/2020-12/schema"`)
	event["title"] = json.RawMessage(`"vitrine data-usage event"`)
	d, _ := json.Marshal(defs)
	event["$defs"] = d
	// Keys in a stable order: $schema, title, then the rest sorted.
	keys := []string{"$schema", "title"}
	var rest []string
	for k := range event {
		if k != "$schema" && k != "title" {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	keys = append(keys, rest...)
	var buf bytes.Buffer
	buf.WriteString("{")
	for i, k := range keys {
		if i > 0 {
			buf.WriteString(",")
		}
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteString(":")
		buf.Write(event[k])
	}
	buf.WriteString("}")
	var out bytes.Buffer
	if err := json.Indent(&out, buf.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteString("\n")
	return out.Bytes()
}

// TestEventSchemaIsTheOpenAPIEvent keeps event.schema.json the OpenAPI document's Event schema: change the OpenAPI
// document, then run this test with VITRINE_WRITE_EVENT_SCHEMA=1 to write the file anew.
func TestEventSchemaIsTheOpenAPIEvent(t *testing.T) {
	want := eventSchemaFromOpenAPI(t, openAPIDoc)
	if os.Getenv("VITRINE_WRITE_EVENT_SCHEMA") == "1" {
		if err := os.WriteFile("event.schema.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(eventSchema, want) {
		t.Fatal("event.schema.json is not the OpenAPI document's Event schema: run this test with VITRINE_WRITE_EVENT_SCHEMA=1")
	}
}

func compileEventSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(eventSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("event.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("event.schema.json")
	if err != nil {
		t.Fatalf("event.schema.json does not compile as JSON Schema 2020-12: %v", err)
	}
	return sch
}

// sampleLines are the NDJSON lines the OpenAPI document and the README show senders.
func sampleLines(t *testing.T) []string {
	t.Helper()
	var api map[string]any
	json.Unmarshal(openAPIDoc, &api)
	var lines []string
	for _, ex := range dig(api, "paths", "/api/v1/events", "post", "requestBody", "content", "application/x-ndjson", "examples").(map[string]any) {
		for _, l := range strings.Split(ex.(map[string]any)["value"].(string), "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, l)
			}
		}
	}
	for _, ex := range dig(api, "paths", "/api/v1/events", "post", "requestBody", "content", "application/json", "examples").(map[string]any) {
		batch, _ := ex.(map[string]any)["value"].(map[string]any)
		events, _ := batch["events"].([]any)
		for _, e := range events {
			b, _ := json.Marshal(e)
			lines = append(lines, string(b))
		}
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(l, `{"id":`) && strings.Contains(l, `"occurred_at":`) { // an event, not a webhook's message
			lines = append(lines, l)
		}
	}
	if len(lines) < 3 {
		t.Fatalf("only %d sample lines", len(lines))
	}
	return lines
}

// TestSampleEventsMatchTheSchema validates every sample line with a JSON Schema validator, as a sender's CI would,
// and checks ingest takes each as well; lines that break the schema fail it (and ingest refuses them too).
func TestSampleEventsMatchTheSchema(t *testing.T) {
	sch := compileEventSchema(t)
	now := time.Date(2026, 11, 3, 16, 0, 0, 0, time.UTC)
	check := func(line string) (schemaErr error, ingestErrs []ingest.FieldError) {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
		if err != nil {
			t.Fatalf("%s is not JSON: %v", line, err)
		}
		items, err := ingest.DecodeBatch(strings.NewReader(line+"\n"), "application/x-ndjson", now)
		if err != nil || len(items) != 1 {
			t.Fatalf("ingest of %s: %v", line, err)
		}
		return sch.Validate(v), items[0].Errors
	}
	for _, line := range sampleLines(t) {
		if serr, ierrs := check(line); serr != nil || len(ierrs) > 0 {
			t.Errorf("sample %s: schema says %v, ingest says %v", line, serr, ierrs)
		}
	}
	good := `{"id":"e-1","customer":"C-1","system":"s","purpose":"p","action":"inference","occurred_at":"2026-11-03T14:02:00Z"}`
	for name, bad := range map[string]string{
		"no customer":          strings.Replace(good, `"customer":"C-1",`, "", 1),
		"an unknown action":    strings.Replace(good, `"inference"`, `"guessing"`, 1),
		"a number as customer": strings.Replace(good, `"C-1"`, `1001`, 1),
		"a capital in a slug":  strings.Replace(good, `"system":"s"`, `"system":"Recommender"`, 1),
		"categories as text":   strings.Replace(good, `}`, `,"data_categories":"user.behavior"}`, 1),
		"a date without zone":  strings.Replace(good, `14:02:00Z`, `14:02:00`, 1),
	} {
		serr, ierrs := check(bad)
		if serr == nil {
			t.Errorf("%s: the schema takes %s", name, bad)
		}
		if len(ierrs) == 0 {
			t.Errorf("%s: ingest takes %s, which the schema refuses", name, bad)
		}
	}
}

func TestEventSchemaServed(t *testing.T) {
	_, ts := newTestServer(t)
	status, h, body := get(t, client(t), ts.URL+eventSchemaPath)
	if status != http.StatusOK || h.Get("Content-Type") != "application/schema+json" || body != string(eventSchema) {
		t.Fatalf("%s: %d %s", eventSchemaPath, status, h.Get("Content-Type"))
	}
}
