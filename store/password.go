package store

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters for new password hashes: the OWASP minimum (19 MiB of memory, 2 passes, 1 lane), which
// keeps a sign-in near 30 ms on a small server. Every hash carries its own parameters in PHC form, so raising
// them later still verifies old hashes; an old hash is replaced at the owner's next sign-in.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// errBadHash is returned for a stored hash that is not an argon2id PHC string this code can check.
var errBadHash = errors.New("store: malformed password hash")

// hashPassword returns the argon2id hash of password with a fresh random salt, as a PHC string:
// $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH (unpadded standard base64).
func hashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("store: password salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// checkPassword reports whether password matches the PHC hash, in constant time, and whether the hash was made
// with other parameters than today's and should be replaced.
func checkPassword(encoded, password string) (ok, stale bool, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, false, errBadHash
	}
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false, false, errBadHash
	}
	// Bounds keep a damaged row from costing gigabytes or minutes at sign-in.
	if memory < 8 || memory > 1<<20 || time < 1 || time > 16 || threads < 1 || threads > 16 {
		return false, false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false, false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 64 {
		return false, false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	ok = subtle.ConstantTimeCompare(got, want) == 1
	stale = memory != argonMemory || time != argonTime || threads != argonThreads || len(want) != argonKeyLen
	return ok, stale, nil
}

// dummyHash is checked against when the email is unknown, so that a wrong email costs the same time as a
// wrong password and sign-in timing does not tell which accounts exist.
// It is made on first use, not at start, so that programs that never sign anyone in do not pay for it.
var dummyHash = sync.OnceValue(func() string {
	h, err := hashPassword("vitrine: no such account")
	if err != nil {
		panic(err)
	}
	return h
})
