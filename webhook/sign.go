// Package webhook delivers a brand's changes to its endpoints as signed HTTP POSTs, the Standard Webhooks way.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Header names of the Standard Webhooks specification.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// secretKey decodes an endpoint's secret: whsec_ and the base64 key.
func secretKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || len(key) == 0 {
		return nil, errors.New("webhook: secret is not whsec_ and a base64 key")
	}
	return key, nil
}

// Sign returns the webhook-signature value for a message: "v1," and the base64 HMAC-SHA256, under the
// endpoint's key, of the message id, the timestamp in Unix seconds and the body, joined by dots.
func Sign(secret, msgID string, at time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", msgID, at.Unix())
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// ErrBadSignature is returned by Verify when no signature of the header matches the body.
var ErrBadSignature = errors.New("webhook: no matching signature")

// Verify checks a received message as a brand's receiver should: one of the space-separated v1 signatures must
// match, and the timestamp must be within tolerance of now, which stops replays of an old message.
func Verify(secret, msgID, timestamp, signatures string, body []byte, tolerance time.Duration, now time.Time) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("webhook: timestamp %q is not Unix seconds", timestamp)
	}
	at := time.Unix(sec, 0)
	if d := now.Sub(at); d > tolerance || d < -tolerance {
		return fmt.Errorf("webhook: timestamp %s is too far from now", at.UTC().Format(time.RFC3339))
	}
	want, err := Sign(secret, msgID, at, body)
	if err != nil {
		return err
	}
	for _, s := range strings.Fields(signatures) {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return ErrBadSignature
}
