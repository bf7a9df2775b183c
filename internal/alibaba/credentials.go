package alibaba

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

// resolved is what the client needs from a Config's credential settings.
type resolved struct {
	provider *guarded
	source   string // where the credentials come from, for messages; never a secret
	region   string // the Config's region, else the profile's, else DefaultRegion
}

// resolveCredentials builds the SDK credentials provider for c and fetches
// the credentials once, so that a wrong role, profile or address fails
// when the provider is configured (at plan) rather than at the first
// refresh. Static keys make no call; the other sources call only the
// source that is set: with no source set, Check has already failed, and
// nothing ever waits on the instance metadata address.
func (c Config) resolveCredentials() (resolved, error) {
	var r resolved
	var base credentials.CredentialsProvider
	var role *AssumeRole // a RamRoleArn profile's role, unless assume_role replaces it
	switch {
	case c.AccessKey != "" && c.SecurityToken != "":
		base = credentials.NewStaticSTSCredentialsProvider(c.AccessKey, c.SecretKey, c.SecurityToken)
		r.source = "access_key, secret_key and security_token"
	case c.AccessKey != "":
		base = credentials.NewStaticAKCredentialsProvider(c.AccessKey, c.SecretKey)
		r.source = "access_key and secret_key"
	case c.Profile != "":
		file, err := c.sharedCredentialsFile()
		if err != nil {
			return r, err
		}
		conf, err := readCLIConfig(file)
		if err != nil {
			return r, err
		}
		p, err := conf.profile(c.Profile, file)
		if err != nil {
			return r, err
		}
		if base, role, err = c.profileProvider(conf, p, file, 0); err != nil {
			return r, err
		}
		r.region = p.RegionID
		r.source = fmt.Sprintf("profile %q (mode %s) of %s", p.Name, p.Mode, file)
	case c.CredentialsURI != "":
		p, err := credentials.NewURLCredentialsProviderBuilderBuilder().WithUrl(c.CredentialsURI).WithHttpOptions(c.httpOptions()).Build()
		if err != nil {
			return r, fmt.Errorf("credentials_uri: %w", err)
		}
		base, r.source = p, "credentials_uri"
	case c.ECSRoleName != "":
		p, err := ecsRoleProvider(c.ECSRoleName)
		if err != nil {
			return r, fmt.Errorf("ecs_role_name: %w", err)
		}
		base, r.source = p, fmt.Sprintf("ecs_role_name %q (instance metadata)", c.ECSRoleName)
	default:
		return r, c.missingCredentials()
	}

	if c.AssumeRole != nil {
		role = c.AssumeRole
	}
	if role != nil {
		p, err := c.assumeRoleProvider(base, *role, "")
		if err != nil {
			return r, fmt.Errorf("assume_role: %w", err)
		}
		base = p
		r.source = fmt.Sprintf("assume_role %s with %s", role.RoleARN, r.source)
	}

	r.provider = &guarded{p: base, source: r.source}
	if _, err := r.provider.GetCredentials(); err != nil {
		return r, err
	}
	r.region = firstOf(c.Region, r.region, DefaultRegion)
	return r, nil
}

// assumeRoleProvider assumes role with base through the SDK's RAM role
// provider, which renews the credentials before they expire.
// profileEndpoint is a profile's sts_endpoint, used unless Endpoints.STS
// is set.
func (c Config) assumeRoleProvider(base credentials.CredentialsProvider, role AssumeRole, profileEndpoint string) (credentials.CredentialsProvider, error) {
	b := credentials.NewRAMRoleARNCredentialsProviderBuilder().
		WithCredentialsProvider(base).
		WithRoleArn(role.RoleARN).
		WithRoleSessionName(firstOf(role.SessionName, DefaultSessionName)).
		WithDurationSeconds(firstOf(role.SessionExpiration, DefaultSessionExpiration)).
		WithPolicy(role.Policy).
		WithExternalId(role.ExternalID).
		WithHttpOptions(c.httpOptions())
	// Without an endpoint the SDK picks sts.aliyuncs.com, or
	// sts[-vpc].<ALIBABA_CLOUD_STS_REGION>.aliyuncs.com.
	if e := firstOf(c.Endpoints.STS, profileEndpoint); e != "" {
		b.WithStsEndpoint(e)
	}
	return b.Build()
}

// ecsRoleProvider reads the instance role's credentials from the instance
// metadata service with the SDK's own timeouts (1 s), as aliyun/alicloud
// does: away from ECS it fails fast.
func ecsRoleProvider(role string) (credentials.CredentialsProvider, error) {
	return credentials.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName(role).Build()
}

func (c Config) httpOptions() *credentials.HttpOptions {
	return &credentials.HttpOptions{ConnectTimeout: c.connectTimeout(), ReadTimeout: c.readTimeout()}
}

func (c Config) connectTimeout() time.Duration { return firstOf(c.ConnectTimeout, DefaultTimeout) }
func (c Config) readTimeout() time.Duration    { return firstOf(c.ReadTimeout, DefaultTimeout) }

// userAgent is the provider's User-Agent token: "terraform-provider-alicloud"
// with, as its value, the version and then TF_APPEND_USER_AGENT. The SDK
// orders its key/value tokens at random, so both go in one value.
func (c Config) userAgent() (key, value string) {
	value = firstOf(c.ProviderVersion, "dev")
	if extra := strings.Fields(c.UserAgent); len(extra) > 0 { // Fields: no line breaks into the header
		value += " " + strings.Join(extra, " ")
	}
	return "terraform-provider-alicloud", value
}

// The aliyun CLI's configuration file (config/profile.go in aliyun-cli):
// {"current": "...", "profiles": [{"name", "mode", ...}]}.
type cliConfig struct {
	Current  string       `json:"current"`
	Profiles []cliProfile `json:"profiles"`
}

type cliProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	StsToken        string `json:"sts_token"`
	RegionID        string `json:"region_id"`
	RAMRoleARN      string `json:"ram_role_arn"`
	RAMSessionName  string `json:"ram_session_name"`
	ExpiredSeconds  int    `json:"expired_seconds"`
	Policy          string `json:"policy"`
	ExternalID      string `json:"external_id"`
	STSEndpoint     string `json:"sts_endpoint"`
	RAMRoleName     string `json:"ram_role_name"`
	SourceProfile   string `json:"source_profile"`
	CredentialsURI  string `json:"credentials_uri"`
}

// profileModes are the profile modes this provider reads.
var profileModes = []string{"AK", "StsToken", "RamRoleArn", "EcsRamRole", "ChainableRamRoleArn", "CredentialsURI"}

// profileProvider builds the provider for profile p. For RamRoleArn it
// returns the key pair and the role apart, so that an assume_role block
// replaces the profile's role, as in aliyun/alicloud.
func (c Config) profileProvider(conf cliConfig, p cliProfile, file string, depth int) (credentials.CredentialsProvider, *AssumeRole, error) {
	where := fmt.Sprintf("profile %q of %s", p.Name, file)
	needKeys := func() error {
		if p.AccessKeyID == "" || p.AccessKeySecret == "" {
			return fmt.Errorf("%s has mode %s but no access_key_id or access_key_secret: run `aliyun configure --profile %s`", where, p.Mode, p.Name)
		}
		return nil
	}
	switch p.Mode {
	case "AK", "": // the CLI's default mode
		if err := needKeys(); err != nil {
			return nil, nil, err
		}
		return credentials.NewStaticAKCredentialsProvider(p.AccessKeyID, p.AccessKeySecret), nil, nil
	case "StsToken":
		if err := needKeys(); err != nil {
			return nil, nil, err
		}
		if p.StsToken == "" {
			return nil, nil, fmt.Errorf("%s has mode StsToken but no sts_token", where)
		}
		return credentials.NewStaticSTSCredentialsProvider(p.AccessKeyID, p.AccessKeySecret, p.StsToken), nil, nil
	case "RamRoleArn":
		if err := needKeys(); err != nil {
			return nil, nil, err
		}
		base := credentials.NewStaticAKCredentialsProvider(p.AccessKeyID, p.AccessKeySecret)
		return base, p.role(), nil
	case "ChainableRamRoleArn":
		if depth >= 5 || p.SourceProfile == "" || p.SourceProfile == p.Name {
			return nil, nil, fmt.Errorf("%s: source_profile must name another profile, at most 5 deep", where)
		}
		src, err := conf.profile(p.SourceProfile, file)
		if err != nil {
			return nil, nil, err
		}
		base, srcRole, err := c.profileProvider(conf, src, file, depth+1)
		if err != nil {
			return nil, nil, err
		}
		if srcRole != nil {
			if base, err = c.assumeRoleProvider(base, *srcRole, src.STSEndpoint); err != nil {
				return nil, nil, fmt.Errorf("profile %q: %w", src.Name, err)
			}
		}
		chained, err := c.assumeRoleProvider(base, *p.role(), p.STSEndpoint)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", where, err)
		}
		return chained, nil, nil
	case "EcsRamRole":
		// An empty ram_role_name is looked up in the instance metadata.
		prov, err := ecsRoleProvider(p.RAMRoleName)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", where, err)
		}
		return prov, nil, nil
	case "CredentialsURI":
		prov, err := credentials.NewURLCredentialsProviderBuilderBuilder().WithUrl(p.CredentialsURI).WithHttpOptions(c.httpOptions()).Build()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: credentials_uri: %w", where, err)
		}
		return prov, nil, nil
	}
	return nil, nil, fmt.Errorf("%s has mode %s, which this provider does not read; use a profile of mode %s, or set credentials in the provider block",
		where, p.Mode, strings.Join(profileModes, ", "))
}

func (p cliProfile) role() *AssumeRole {
	return &AssumeRole{RoleARN: p.RAMRoleARN, SessionName: p.RAMSessionName, SessionExpiration: p.ExpiredSeconds, Policy: p.Policy, ExternalID: p.ExternalID}
}

func (conf cliConfig) profile(name, file string) (cliProfile, error) {
	var names []string
	for _, p := range conf.Profiles {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return cliProfile{}, fmt.Errorf("profile %q is not in %s (it has %s): correct profile, or create it with `aliyun configure --profile %s`",
		name, file, strings.Join(names, ", "), name)
}

func readCLIConfig(file string) (cliConfig, error) {
	var conf cliConfig
	b, err := os.ReadFile(file)
	if err != nil {
		return conf, fmt.Errorf("profile is set, but the shared credentials file cannot be read (%w): create it with `aliyun configure`, or set shared_credentials_file", err)
	}
	if err := json.Unmarshal(b, &conf); err != nil {
		// The error, not the file: it holds secrets.
		return conf, fmt.Errorf("%s is not an aliyun CLI configuration (JSON with \"profiles\"): %w", file, err)
	}
	return conf, nil
}

// sharedCredentialsFile is SharedCredentialsFile with "~" expanded, or the
// aliyun CLI's default.
func (c Config) sharedCredentialsFile() (string, error) {
	if c.SharedCredentialsFile == "" {
		return defaultSharedCredentialsFile()
	}
	if rest, ok := strings.CutPrefix(c.SharedCredentialsFile, "~"); ok && (rest == "" || rest[0] == '/' || rest[0] == filepath.Separator) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("shared_credentials_file %s: %w", c.SharedCredentialsFile, err)
		}
		return filepath.Join(home, rest), nil
	}
	return c.SharedCredentialsFile, nil
}

func defaultSharedCredentialsFile() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory for ~/.aliyun/config.json (%w): set shared_credentials_file", err)
	}
	return filepath.Join(home, ".aliyun", "config.json"), nil
}

// guarded makes a credentials provider safe for the shared client: the
// SDK's renewing providers update their cached credentials without a lock,
// and resources call in parallel. Its failures are *CredentialError, with
// no secret in their text.
type guarded struct {
	mu     sync.Mutex
	p      credentials.CredentialsProvider
	source string // as resolved.source
}

func (g *guarded) GetCredentials() (*credentials.Credentials, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	cc, err := g.p.GetCredentials()
	if err != nil {
		return nil, &CredentialError{Source: g.source, Err: scrub(err), Refused: refusedRenewal(err)}
	}
	return cc, nil
}

// metadataRefusal is how the SDK words a status from the instance
// metadata service: it gives no type or code there, only this text.
var metadataRefusal = regexp.MustCompile(`httpStatus: (4\d\d)\b`)

// refusedRenewal reports whether a renewal failed because the source
// refused it (a 4xx other than throttling) rather than failing to serve it:
// STS refusing a role that was removed or whose trust changed, or an
// instance no longer holding the role. Those end the call at once instead
// of being retried until the timeout.
func refusedRenewal(err error) bool {
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		return se.HttpStatus() >= 400 && se.HttpStatus() < 500 && se.HttpStatus() != http.StatusTooManyRequests
	}
	m := metadataRefusal.FindStringSubmatch(err.Error())
	return m != nil && m[1] != "429"
}

func (g *guarded) GetProviderName() string { return g.p.GetProviderName() }

// callCredentials are the shared credentials as one set of SDK clients
// signs with them: the SDK renews them, as it signs, with no context, so
// a renewal (a call to the instance metadata, credentials_uri or STS) is
// waited for only until the call's context ends.
type callCredentials struct {
	shared *guarded
	call   *binding
}

func (c *callCredentials) GetCredentials() (*credentials.Credentials, error) {
	type got struct {
		cc  *credentials.Credentials
		err error
	}
	done := make(chan got, 1) // the renewal ends on its own timeouts
	go func() {
		cc, err := c.shared.GetCredentials()
		done <- got{cc, err}
	}()
	ctx := c.call.get()
	select {
	case g := <-done:
		return g.cc, g.err
	case <-ctx.Done():
		return nil, &CredentialError{Source: c.shared.source, Err: fmt.Errorf("still renewing them when time ran out: %w", ctx.Err())}
	}
}

func (c *callCredentials) GetProviderName() string { return c.shared.GetProviderName() }

// Some SDK errors quote a response body, which may hold credentials.
var jsonSecret = regexp.MustCompile(`("(?:AccessKeySecret|SecurityToken)"\s*:\s*)"[^"]*"`)

// scrub removes URL queries and credential values from err's text. The SDK
// quotes the signed STS URL in transport errors, and net/url in parse
// errors; its query holds the signature and a security token (withoutQuery).
func scrub(err error) error {
	if err == nil {
		return nil
	}
	s := jsonSecret.ReplaceAllString(withoutQuery(err), `$1"(redacted)"`)
	if s == err.Error() {
		return err
	}
	return errors.New(s)
}

// firstOf is the first of vs that is not the zero value.
func firstOf[T comparable](vs ...T) T {
	var zero T
	if i := slices.IndexFunc(vs, func(v T) bool { return v != zero }); i >= 0 {
		return vs[i]
	}
	return zero
}
