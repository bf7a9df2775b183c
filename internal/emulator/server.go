package emulator

import (
	"crypto/tls"
	"net"
	"net/http"
	"time"
)

// Server is an Emulator listening on a local port.
type Server struct {
	*Emulator
	srv    *http.Server
	addr   string
	scheme string
}

// Start serves a new Emulator over HTTP on 127.0.0.1 at a free port until
// Close.
func Start(opts Options) (*Server, error) {
	return start(opts, "http", nil)
}

// StartTLS is Start over HTTPS, with the certificate of CertificatePEM.
// The SDK reaches STS over HTTPS only.
func StartTLS(opts Options) (*Server, error) {
	cert, _, err := certificate()
	if err != nil {
		return nil, err
	}
	return start(opts, "https", &tls.Config{Certificates: []tls.Certificate{cert}})
}

func start(opts Options, scheme string, tlsConfig *tls.Config) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	e := New(opts)
	s := &Server{
		Emulator: e,
		srv:      &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second},
		addr:     ln.Addr().String(),
		scheme:   scheme,
	}
	if tlsConfig != nil {
		ln = tls.NewListener(ln, tlsConfig)
	}
	go func() { _ = s.srv.Serve(ln) }() // ends with http.ErrServerClosed on Close
	return s, nil
}

// Addr is "127.0.0.1:PORT": what goes in an SDK request's Domain.
func (s *Server) Addr() string { return s.addr }

// URL is "http://127.0.0.1:PORT", or https for a StartTLS server.
func (s *Server) URL() string { return s.scheme + "://" + s.addr }

// Close stops the server and closes its connections.
func (s *Server) Close() error { return s.srv.Close() }
