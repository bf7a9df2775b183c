package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
)

// repoRoot is where the guide's examples live, from this package.
const repoRoot = "../../../.."

// guideEndpoint is the address the guide's examples are written for; the
// tests swap in the emulator they started.
const guideEndpoint = "127.0.0.1:8787"

// startBinary builds the emulator command as a release does and starts it
// with the guide's credentials on a free port. It returns the address.
func startBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "alicloud-emulator")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-access-key-id", "demo-key", "-access-key-secret", "demo-secret")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		if err := cmd.Wait(); err != nil {
			t.Errorf("the emulator did not stop cleanly: %v", err)
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "alicloud-emulator listening on http://")
	if !ok {
		t.Fatalf("first line %q", line)
	}
	return addr
}

// loggedCall is an entry of the emulator's request log, as its admin API
// serves it.
type loggedCall struct {
	Action     string `json:"action"`
	Signature  string `json:"signature"`
	HTTPStatus int    `json:"http_status"`
	Code       string `json:"code"`
}

// loggedCalls returns the emulator's request log through its admin API.
func loggedCalls(t *testing.T, addr string) []loggedCall {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/_emulator/requests")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var log []loggedCall
	if err := json.NewDecoder(resp.Body).Decode(&log); err != nil {
		t.Fatal(err)
	}
	return log
}

// TestGuideCurrentSDK runs the guide's current-SDK example as the guide
// says, copied into a fresh directory (go mod init, go mod tidy, go run),
// unchanged but for the port, against the emulator command over HTTP.
func TestGuideCurrentSDK(t *testing.T) {
	addr := startBinary(t)
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(repoRoot, "examples/emulator/current-sdk/main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var out []byte
	for _, args := range [][]string{{"mod", "init", "pipeline"}, {"mod", "tidy"}, {"run", "."}} {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "EMULATOR_ENDPOINT="+addr, "GOFLAGS=", "GOWORK=off")
		if out, err = cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	if !strings.HasPrefix(string(out), "RefreshTaskId: ") || len(strings.TrimSpace(string(out))) <= len("RefreshTaskId: ") {
		t.Fatalf("output %q", out)
	}
	log := loggedCalls(t, addr)
	if len(log) != 1 || log[0].Action != "RefreshObjectCaches" || log[0].Signature != "ACS3-HMAC-SHA256" || log[0].HTTPStatus != 200 {
		t.Fatalf("logged %+v", log)
	}
}

// TestGuideAliyunCLI sends the guide's aliyun CLI commands as the CLI sends
// them: the CLI is not installable here (it is on none of the registries
// this project builds from), and is built on the v1 SDK's CommonRequest,
// signature v1, with --endpoint as the request's domain, --insecure as
// plain HTTP, and (as the CLI 3.4 was seen to send, ref §9) CDN's parameters
// in a form body, the other products' in the query.
func TestGuideAliyunCLI(t *testing.T) {
	addr := startBinary(t)
	raw, err := os.ReadFile(filepath.Join(repoRoot, "examples/emulator/aliyun-cli.sh"))
	if err != nil {
		t.Fatal(err)
	}
	commands := cliCommands(string(raw))
	if len(commands) == 0 {
		t.Fatal("no aliyun command in the example")
	}
	versions := map[string]string{"cdn": "2018-05-10", "dcdn": "2018-01-15", "vod": "2017-03-21"}
	for _, args := range commands {
		product, action := args[1], args[2]
		flags := map[string]string{}
		req := requests.NewCommonRequest()
		req.Method, req.Scheme = requests.POST, "https"
		req.Product, req.Version, req.ApiName = product, versions[product], action
		for i := 3; i < len(args); i++ {
			name, ok := strings.CutPrefix(args[i], "--")
			if !ok {
				t.Fatalf("%s: unexpected %q", action, args[i])
			}
			if name == "insecure" {
				req.Scheme = "http"
				continue
			}
			i++
			value := args[i]
			switch {
			case strings.ToUpper(name[:1]) == name[:1] && product == "cdn":
				req.FormParams[name] = value
			case strings.ToUpper(name[:1]) == name[:1]:
				req.QueryParams[name] = value
			default:
				flags[name] = value
			}
		}
		if flags["endpoint"] != guideEndpoint || req.Scheme != "http" {
			t.Fatalf("%s: the example does not use --endpoint %s --insecure", action, guideEndpoint)
		}
		req.Domain = addr
		client, err := sdk.NewClientWithOptions(flags["region"], sdk.NewConfig(),
			credentials.NewStaticAKCredentialsProvider(flags["access-key-id"], flags["access-key-secret"]))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.ProcessCommonRequest(req); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	log := loggedCalls(t, addr)
	if len(log) != len(commands) {
		t.Fatalf("logged %+v", log)
	}
	for i, l := range log {
		if l.Action != commands[i][2] || l.Signature != "HMAC-SHA1" || l.HTTPStatus != 200 {
			t.Fatalf("logged %+v", l)
		}
	}
}

// cliCommands splits a shell example into its aliyun commands: lines joined
// at a trailing backslash, comments dropped, single quotes removed.
func cliCommands(script string) [][]string {
	var out [][]string
	joined := strings.ReplaceAll(script, "\\\n", " ")
	for _, line := range strings.Split(joined, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "aliyun ") {
			continue
		}
		var args []string
		for _, f := range strings.Fields(line) {
			args = append(args, strings.Trim(f, "'"))
		}
		out = append(out, args)
	}
	return out
}
