package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"vitrine/store"
	"vitrine/webhook"
)

// Limits on what an assistant application says of itself.
const (
	maxClientName     = 100
	maxRedirectURIs   = 10
	maxRedirectURILen = 500
	maxMetadataBytes  = 16 << 10
	metadataRefresh   = 24 * time.Hour // a Client ID Metadata Document is read again after this
)

// checkRedirectURI accepts the redirect URIs OAuth 2.1 allows a public client: https, http on the loopback
// interface only (a desktop assistant listening on a local port, RFC 8252 §7.3), or a private-use scheme of a
// native app ("com.example.app:/cb", RFC 8252 §7.1). No fragment, no user info, no wildcard.
func checkRedirectURI(raw string) error {
	if raw == "" || len(raw) > maxRedirectURILen {
		return errors.New("a redirect URI must be given, and be at most 500 characters")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return fmt.Errorf("%q is not an absolute URI", raw)
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return fmt.Errorf("%q has a fragment, which a redirect URI must not have", raw)
	}
	if u.User != nil {
		return fmt.Errorf("%q holds a user name or password", raw)
	}
	if strings.Contains(raw, "*") {
		return fmt.Errorf("%q has a wildcard: redirect URIs are matched exactly", raw)
	}
	switch u.Scheme {
	case "https":
		if u.Host == "" {
			return fmt.Errorf("%q has no host", raw)
		}
	case "http":
		h := u.Hostname()
		if ip := net.ParseIP(h); h != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return fmt.Errorf("%q uses http on another host than this computer: use https", raw)
		}
	case "javascript", "data", "file", "vbscript":
		return fmt.Errorf("%q uses a scheme no redirect may use", raw)
	default:
		if !strings.Contains(u.Scheme, ".") {
			return fmt.Errorf("%q: a native app's scheme must be a reversed domain name, such as com.example.app", raw)
		}
	}
	return nil
}

// clientMetadata is what a client says of itself, in RFC 7591's names, registered or in its metadata document.
type clientMetadata struct {
	ClientID                string   `json:"client_id,omitempty"`
	ClientName              string   `json:"client_name"`
	ClientURI               string   `json:"client_uri,omitempty"`
	RedirectURIs            []string `json:"redirect_uris"`
	GrantTypes              []string `json:"grant_types,omitempty"`
	ResponseTypes           []string `json:"response_types,omitempty"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method,omitempty"`
	Scope                   string   `json:"scope,omitempty"`
}

// check validates the metadata of a public client: a name, exact redirect URIs, the code flow, no client secret.
// It returns the first problem in words a developer reads at 2 a.m.
func (m *clientMetadata) check() error {
	m.ClientName = strings.TrimSpace(m.ClientName)
	switch {
	case m.ClientName == "":
		return errors.New("client_name is required: customers are shown it when they decide")
	case utf8.RuneCountInString(m.ClientName) > maxClientName:
		return fmt.Errorf("client_name is longer than %d characters", maxClientName)
	case len(m.RedirectURIs) == 0:
		return errors.New("redirect_uris is required")
	case len(m.RedirectURIs) > maxRedirectURIs:
		return fmt.Errorf("at most %d redirect_uris", maxRedirectURIs)
	}
	for _, r := range m.RedirectURIs {
		if err := checkRedirectURI(r); err != nil {
			return err
		}
	}
	for _, g := range m.GrantTypes {
		if g != "authorization_code" && g != "refresh_token" {
			return fmt.Errorf("grant_types: %q is not offered to assistants; use authorization_code and refresh_token", g)
		}
	}
	for _, r := range m.ResponseTypes {
		if r != "code" {
			return fmt.Errorf("response_types: only code is supported, not %q", r)
		}
	}
	if a := m.TokenEndpointAuthMethod; a != "" && a != "none" {
		return fmt.Errorf("token_endpoint_auth_method %q: assistants are public clients here, use none (PKCE protects the code)", a)
	}
	if m.ClientURI != "" {
		if u, err := url.Parse(m.ClientURI); err != nil || u.Scheme != "https" || u.Host == "" {
			return errors.New("client_uri must be an https URL")
		}
	}
	return nil
}

// isMetadataClientID reports whether a client_id is a Client ID Metadata Document URL (an https URL with a path),
// rather than an id vitrine issued at registration.
func isMetadataClientID(id string) bool {
	u, err := url.Parse(id)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.Path != "" && u.Path != "/"
}

// errClientUnknown is a client_id vitrine cannot resolve: not registered, or a metadata document it could not use.
type errClientUnknown struct{ why string }

func (e errClientUnknown) Error() string { return e.why }

// oauthClient resolves a client_id: a client registered here, or a metadata document fetched (again after a day)
// through the same guard as webhooks, so a client_id cannot make vitrine call inside its own network.
func (s *Server) oauthClient(ctx context.Context, id string) (store.OAuthClient, error) {
	c, err := s.DB.OAuthClientByID(ctx, id)
	switch {
	case err == nil && (c.Kind == "registered" || s.now().Sub(c.FetchedAt) < metadataRefresh):
		return c, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return c, err
	case !isMetadataClientID(id):
		return c, errClientUnknown{"this client_id is not registered here: register with the registration_endpoint, or use a Client ID Metadata Document URL"}
	}
	m, ferr := s.fetchClientMetadata(ctx, id)
	if ferr != nil {
		return c, errClientUnknown{ferr.Error()}
	}
	now := s.now()
	c = store.OAuthClient{ID: id, Name: m.ClientName, URI: m.ClientURI, RedirectURIs: m.RedirectURIs, Kind: "metadata", CreatedAt: now, FetchedAt: now}
	if err := s.DB.SaveOAuthClient(ctx, c); err != nil {
		return c, err
	}
	return c, nil
}

// fetchClientMetadata reads a Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document): JSON
// at the client_id URL whose client_id is that URL.
func (s *Server) fetchClientMetadata(ctx context.Context, id string) (clientMetadata, error) {
	var m clientMetadata
	if _, err := webhook.CheckURL(id, s.InsecureWebhooks); err != nil {
		return m, fmt.Errorf("client metadata URL refused: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, id, nil)
	if err != nil {
		return m, fmt.Errorf("client metadata URL refused: %v", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.metadataClient().Do(req)
	if err != nil {
		return m, fmt.Errorf("client metadata document could not be read: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return m, fmt.Errorf("client metadata document answered %d", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxMetadataBytes+1))
	if err != nil || len(body) > maxMetadataBytes {
		return m, errors.New("client metadata document is unreadable or larger than 16 KiB")
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return m, fmt.Errorf("client metadata document is not JSON: %v", err)
	}
	if m.ClientID != id {
		return m, errors.New("client metadata document's client_id is not the URL it was read from")
	}
	if err := m.check(); err != nil {
		return m, fmt.Errorf("client metadata document: %v", err)
	}
	return m, nil
}

// metadataClient is the HTTP client metadata documents are fetched with: the webhook guard's, or the test's.
func (s *Server) metadataClient() *http.Client {
	s.metaOnce.Do(func() {
		if s.MetadataHTTP == nil {
			s.MetadataHTTP = webhook.Client(5*time.Second, s.InsecureWebhooks)
		}
	})
	return s.MetadataHTTP
}
