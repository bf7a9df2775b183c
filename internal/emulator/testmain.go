package emulator

import (
	"net/http"
	"os"
	"path/filepath"
)

// RunTests runs a test binary's tests (m, the *testing.M of TestMain) in
// a process set up for emulators: it trusts the certificate of StartTLS
// servers (the SDK calls STS over HTTPS only, and Go reads SSL_CERT_FILE
// once per process), and the SDK's requests for the instance metadata
// address, which no setting changes, go to the emulator at
// metadataTarget() (see MetadataProxy), so no test reaches
// 100.100.100.200. It returns the exit code for os.Exit.
func RunTests(m interface{ Run() int }, metadataTarget func() string) int {
	dir, err := os.MkdirTemp("", "alicloud-emulator-tests")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	pem, err := CertificatePEM()
	if err != nil {
		panic(err)
	}
	certFile := filepath.Join(dir, "emulator.pem")
	if err := os.WriteFile(certFile, pem, 0o600); err != nil {
		panic(err)
	}
	os.Setenv("SSL_CERT_FILE", certFile)
	transport, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		panic("emulator: http.DefaultTransport is not an *http.Transport, whose proxy the tests set")
	}
	transport.Proxy = MetadataProxy(metadataTarget, http.ProxyFromEnvironment)
	return m.Run()
}
