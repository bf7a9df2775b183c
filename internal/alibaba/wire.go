package alibaba

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// wire is the HTTP transport of one set of SDK clients. The v1 SDK takes no
// context, so the set's current call binds its context (sdkPool.take):
// a request ends when that context does, which bounds every call by the
// create or action deadline, or when the read timeout runs out. Each
// failure it passes up is a *wireError that says whether the request may
// have reached Alibaba Cloud.
//
// It replaces the SDK's own *http.Transport, so the SDK's per-call
// settings of that transport (its dialer, TLS verification, proxy) no
// longer apply: this transport keeps the connect timeout, verifies TLS,
// and takes the proxy from the environment, as the SDK does.
type wire struct {
	base                        *http.Transport
	connectTimeout, readTimeout time.Duration
	call                        *binding
}

func newWire(call *binding, connectTimeout, readTimeout time.Duration) *wire {
	base := &http.Transport{}
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		base = t.Clone() // its idle, TLS handshake and keep-alive settings
	}
	base.DialContext = (&net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}).DialContext
	base.ForceAttemptHTTP2 = false // HTTP/1.1, as the SDK's transport speaks it
	// Read when each request is made, as the SDK does: HTTPS_PROXY,
	// HTTP_PROXY, NO_PROXY and their lower-case forms.
	base.Proxy = func(r *http.Request) (*url.URL, error) { return httpproxy.FromEnvironment().ProxyFunc()(r.URL) }
	return &wire{base: base, connectTimeout: connectTimeout, readTimeout: readTimeout, call: call}
}

// sdkReadTimeout is the read timeout the SDK itself is given: longer than
// the wire's, so that the wire's always ends a call first. When the SDK's
// runs out, net/http replaces the error with one that no longer says
// whether the request was written.
func sdkReadTimeout(readTimeout time.Duration) time.Duration { return readTimeout + time.Minute }

func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	call := w.call.get()
	ctx, cancel := context.WithTimeout(call, w.readTimeout)
	var sent atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		// From here on the request may be written, in part or in full:
		// whether Alibaba received it cannot be known.
		GotConn: func(httptrace.GotConnInfo) { sent.Store(true) },
	})
	resp, err := w.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, w.failed(err, sent.Load(), call, ctx)
	}
	if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode >= 300 && resp.StatusCode < 400 {
		// Alibaba's RPC API answers and never redirects. Following one
		// would fail, if at all, in net/http and not here, losing what
		// this transport knows: the request reached a server.
		_ = resp.Body.Close()
		cancel()
		loc, _, _ = strings.Cut(loc, "?")
		return nil, &wireError{err: fmt.Errorf("answered %s, a redirect to %s", resp.Status, loc), mayBeSent: true}
	}
	resp.Body = &wireBody{ReadCloser: resp.Body, w: w, call: call, ctx: ctx, cancel: cancel}
	return resp, nil
}

// failed marks err: whether the request may have been sent, and whether
// the end of the call's context, or the read timeout, cut it short.
func (w *wire) failed(err error, mayBeSent bool, call, ctx context.Context) *wireError {
	we := &wireError{err: err, mayBeSent: mayBeSent, ended: call.Err()}
	if we.ended == nil && ctx.Err() != nil {
		we.readTimeout = w.readTimeout
	}
	return we
}

// wireBody is an answer's body: a failure to read it is a *wireError too,
// and closing it releases the call's timer.
type wireBody struct {
	io.ReadCloser
	w         *wire
	call, ctx context.Context
	cancel    context.CancelFunc
}

func (b *wireBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = b.w.failed(err, true, b.call, b.ctx)
	}
	return n, err
}

func (b *wireBody) Close() error {
	defer b.cancel()
	return b.ReadCloser.Close()
}

// wireError is a call that failed on the wire, before or after its request
// may have been written.
type wireError struct {
	err       error
	mayBeSent bool  // false: no connection was made, so nothing was written
	ended     error // the call's context's end, when that cut the call short
	// readTimeout, when the read timeout cut the call short, is that.
	readTimeout time.Duration
}

func (e *wireError) Error() string { return e.err.Error() }
func (e *wireError) Unwrap() error { return e.err }
