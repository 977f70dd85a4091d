package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"vitrine/store"
	"vitrine/webhook"
)

// cmdWebhook registers, lists and removes a brand's webhook endpoints from scripts, as /admin/settings does.
func cmdWebhook(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("webhook: usage: vitrine webhook add|list|remove --db PATH --brand SLUG")
	}
	sub := args[0]
	fs := newFlags("webhook " + sub)
	dbPath := fs.String("db", "data/vitrine.db", dbHelp)
	brandSlug := fs.String("brand", "", "brand slug (required)")
	url := fs.String("url", "", "the endpoint's https URL (add)")
	events := fs.String("events", "", "comma-separated change types to send (add; default every type): "+strings.Join(store.ChangeTypes, ", "))
	description := fs.String("description", "", "a note to tell the endpoint apart (add)")
	insecure := fs.Bool("allow-insecure-webhooks", false, "accept http:// and internal addresses (local tests only; the server needs the same flag to send to them)")
	id := fs.Int64("id", 0, "the endpoint's number, from 'webhook list' (remove)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	db, brand, err := openBrand(ctx, "webhook", *dbPath, *brandSlug)
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "add":
		if *url == "" {
			return errors.New("webhook add: --url is required")
		}
		u, err := webhook.CheckURL(*url, *insecure)
		if err != nil {
			return fmt.Errorf("webhook add: %w", err)
		}
		var types []string
		for _, t := range strings.Split(*events, ",") {
			if t = strings.TrimSpace(t); t != "" {
				types = append(types, t)
			}
		}
		ep, err := db.CreateWebhookEndpoint(ctx, brand.ID, u.String(), *description, types, db.Now())
		if errors.Is(err, store.ErrBadEventType) {
			return fmt.Errorf("webhook add: %w; the types are %s", err, strings.Join(store.ChangeTypes, ", "))
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Webhook endpoint %d of %s added: %s (%s). It receives changes made from now on.\n", ep.ID, brand.Name, ep.URL, typesText(ep.EventTypes))
		fmt.Fprintln(out, "Its signing secret is shown only now; verify each delivery's webhook-signature with it:")
		fmt.Fprintln(out, ep.Secret)
		return nil
	case "list":
		eps, err := db.WebhookEndpoints(ctx, brand.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tURL\tSENDS\tSTATE\tCREATED")
		for _, ep := range eps {
			state := "active"
			switch {
			case ep.DisabledAt != nil:
				state = "disabled " + when(ep.DisabledAt) + ": " + ep.DisabledReason
			case ep.FailingSince != nil:
				state = "failing since " + when(ep.FailingSince)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", ep.ID, ep.URL, typesText(ep.EventTypes), state, when(&ep.CreatedAt))
		}
		return tw.Flush()
	case "remove":
		if *id == 0 {
			return errors.New("webhook remove: --id is required (see 'vitrine webhook list')")
		}
		if err := db.DeleteWebhookEndpoint(ctx, brand.ID, *id); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("webhook remove: %s has no endpoint %d", brand.Slug, *id)
		} else if err != nil {
			return err
		}
		fmt.Fprintf(out, "Webhook endpoint %d of %s removed; nothing more is sent to it.\n", *id, brand.Name)
		return nil
	default:
		return fmt.Errorf("webhook: unknown action %q (add, list or remove)", sub)
	}
}

// typesText names the change types an endpoint receives.
func typesText(types []string) string {
	if len(types) == 0 {
		return "every change"
	}
	return strings.Join(types, ", ")
}
