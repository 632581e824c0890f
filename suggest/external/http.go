package external

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// remote is a URL suggester: each request is a POST of the request's JSON,
// answered by the response's JSON.
type remote struct {
	url     string
	timeout time.Duration
	client  *http.Client
}

func (r *remote) ask(ctx context.Context, req Request) (Response, []string, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	b, err := json.Marshal(req)
	if err != nil {
		return Response{}, nil, fmt.Errorf("encode the request: %w", err)
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(b))
	if err != nil {
		return Response{}, nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	res, err := r.client.Do(hr)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return Response{}, nil, fmt.Errorf("no answer in %s", r.timeout)
		}
		return Response{}, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, MaxLine+1))
	if err != nil {
		return Response{}, nil, fmt.Errorf("read the answer: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return Response{}, nil, fmt.Errorf("answered %s: %s", res.Status, clip(string(body), 80))
	}
	if len(body) > MaxLine {
		return Response{}, nil, fmt.Errorf("the answer is longer than %d MiB", MaxLine>>20)
	}
	resp, err := parseResponse(body)
	if err != nil {
		return Response{}, nil, fmt.Errorf("the answer is not a response (%v): %s", err, clip(string(body), 60))
	}
	if resp.ID != req.ID {
		return Response{}, nil, fmt.Errorf("the answer is for another document %q", clip(resp.ID, 40))
	}
	return resp, nil, nil
}

func (r *remote) close() error {
	r.client.CloseIdleConnections()
	return nil
}
