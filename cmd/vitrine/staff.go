package main

import (
	"context"
	"errors"
	"io"
)

func cmdStaff(ctx context.Context, args []string, stdin io.Reader, out io.Writer) error {
	return errors.New("staff: not available yet")
}
