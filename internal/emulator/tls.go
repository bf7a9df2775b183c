package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"sync"
	"time"
)

// The SDK calls STS over HTTPS only, with the system's trusted roots, so an
// emulated STS needs a certificate the client process trusts. Go reads the
// system roots once per process (SSL_CERT_FILE included), hence one
// certificate for the whole process rather than one per server.
var processCert struct {
	once sync.Once
	cert tls.Certificate
	pem  []byte
	err  error
}

// CertificatePEM is the certificate every StartTLS server presents, in PEM:
// self-signed, for 127.0.0.1, ::1 and localhost, generated once per
// process. To trust it, write it to a file and point SSL_CERT_FILE at that
// file before the process's first TLS handshake.
func CertificatePEM() ([]byte, error) {
	_, p, err := certificate()
	return p, err
}

func certificate() (tls.Certificate, []byte, error) {
	c := &processCert
	c.once.Do(func() { c.cert, c.pem, c.err = newCertificate() })
	return c.cert, c.pem, c.err
}

func newCertificate() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "alicloud emulator"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(7 * 24 * time.Hour),
		// Its own CA: a root in SSL_CERT_FILE that is also the leaf.
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key},
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}
