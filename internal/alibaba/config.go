package alibaba

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is how to reach Alibaba Cloud, and with which credentials.
//
// Credentials come from the first of these that is set, in the order of
// the aliyun/alicloud provider: AccessKey and SecretKey (with
// SecurityToken, if set), Profile, CredentialsURI, ECSRoleName. AssumeRole,
// when set, then assumes a role with them. See credentials.go.
type Config struct {
	AccessKey     string
	SecretKey     string
	SecurityToken string
	Region        string // default: the profile's region_id, then DefaultRegion
	Protocol      string // "HTTPS" (default) or "HTTP"
	Endpoints     Endpoints

	Profile               string // a profile of SharedCredentialsFile
	SharedCredentialsFile string // the aliyun CLI's config.json; default ~/.aliyun/config.json
	CredentialsURI        string // answers AccessKeyId, AccessKeySecret, SecurityToken, Expiration
	ECSRoleName           string // the RAM role of the ECS instance, read from instance metadata
	AssumeRole            *AssumeRole

	// Timeouts of each API and STS call; zero: DefaultTimeout.
	ConnectTimeout time.Duration
	ReadTimeout    time.Duration

	// ProviderVersion goes into the User-Agent, so Alibaba's logs show
	// which calls came from this provider; UserAgent (TF_APPEND_USER_AGENT)
	// follows it.
	ProviderVersion string
	UserAgent       string

	problems []error // environment values FromEnv could not read, for Check
}

// Endpoints override the SDK's hosts, as host or host:port. Edge routine
// refreshes use the DCDN endpoint.
type Endpoints struct {
	CDN  string
	DCDN string
	VOD  string
	STS  string // AssumeRole, always over HTTPS
}

// AssumeRole is a RAM role to assume, through STS AssumeRole, with the
// credentials found.
type AssumeRole struct {
	RoleARN           string
	SessionName       string // default DefaultSessionName
	Policy            string // narrows the role's permissions
	SessionExpiration int    // seconds, MinSessionExpiration to MaxSessionExpiration; 0: DefaultSessionExpiration
	ExternalID        string
}

const (
	// DefaultRegion is the region of the aliyun/alicloud provider's default.
	DefaultRegion = "cn-hangzhou"
	// DefaultTimeout is the aliyun/alicloud provider's default for both
	// client_connect_timeout and client_read_timeout (60000 ms).
	DefaultTimeout = 60 * time.Second

	// The aliyun/alicloud provider's assume_role defaults and range.
	DefaultSessionName       = "terraform"
	DefaultSessionExpiration = 3600
	MinSessionExpiration     = 900
	MaxSessionExpiration     = 43200
)

// The environment variables each setting falls back to, in order: the
// aliyun/alicloud provider's names first, then the SDK's and the CLI's.
var (
	EnvAccessKey     = []string{"ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_ID"}
	EnvSecretKey     = []string{"ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_ACCESS_KEY_SECRET"}
	EnvSecurityToken = []string{"ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABACLOUD_SECURITY_TOKEN"}
	EnvRegion        = []string{"ALICLOUD_REGION", "ALIBABA_CLOUD_REGION"}

	EnvProfile               = []string{"ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE", "ALIBABACLOUD_PROFILE"}
	EnvSharedCredentialsFile = []string{"ALICLOUD_SHARED_CREDENTIALS_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE"}
	EnvCredentialsURI        = []string{"ALICLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_CREDENTIALS_URI"}
	EnvECSRoleName           = []string{"ALICLOUD_ECS_ROLE_NAME", "ALIBABA_CLOUD_ECS_METADATA"}

	EnvAssumeRoleARN               = []string{"ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN"}
	EnvAssumeRoleSessionName       = []string{"ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME"}
	EnvAssumeRoleSessionExpiration = []string{"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION"}

	EnvConnectTimeout  = []string{"CLIENT_CONNECT_TIMEOUT"} // milliseconds
	EnvReadTimeout     = []string{"CLIENT_READ_TIMEOUT"}    // milliseconds
	EnvAppendUserAgent = []string{"TF_APPEND_USER_AGENT"}
)

// CredentialEnv lists every environment variable a credential may come
// from, for tests that must keep the machine's own settings out.
func CredentialEnv() []string {
	var all []string
	for _, names := range [][]string{
		EnvAccessKey, EnvSecretKey, EnvSecurityToken, EnvRegion, EnvProfile, EnvSharedCredentialsFile,
		EnvCredentialsURI, EnvECSRoleName, EnvAssumeRoleARN, EnvAssumeRoleSessionName, EnvAssumeRoleSessionExpiration,
	} {
		all = append(all, names...)
	}
	return all
}

// FromEnv fills every setting left empty from the environment, and sets the
// protocol's default. The other defaults depend on where the credentials
// come from and are applied when the client is built.
func (c *Config) FromEnv() {
	fill := func(v *string, names []string) {
		for _, name := range names {
			if *v != "" {
				return
			}
			*v = os.Getenv(name)
		}
	}
	fill(&c.AccessKey, EnvAccessKey)
	fill(&c.SecretKey, EnvSecretKey)
	if c.AccessKey != "" {
		// A token goes with the key pair it was issued with: one left in
		// the environment without a key means nothing to the other sources.
		fill(&c.SecurityToken, EnvSecurityToken)
	}
	fill(&c.Region, EnvRegion)
	fill(&c.Profile, EnvProfile)
	fill(&c.SharedCredentialsFile, EnvSharedCredentialsFile)
	fill(&c.CredentialsURI, EnvCredentialsURI)
	fill(&c.ECSRoleName, EnvECSRoleName)
	fill(&c.UserAgent, EnvAppendUserAgent)
	if c.AssumeRole != nil {
		r := *c.AssumeRole // the caller's value stays as it was
		fill(&r.RoleARN, EnvAssumeRoleARN)
		fill(&r.SessionName, EnvAssumeRoleSessionName)
		if r.SessionExpiration == 0 {
			r.SessionExpiration = c.envInt(EnvAssumeRoleSessionExpiration[0], "assume_role.session_expiration")
		}
		c.AssumeRole = &r
	}
	if c.ConnectTimeout == 0 {
		c.ConnectTimeout = time.Duration(c.envInt(EnvConnectTimeout[0], "client_connect_timeout")) * time.Millisecond
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = time.Duration(c.envInt(EnvReadTimeout[0], "client_read_timeout")) * time.Millisecond
	}
	if c.Protocol == "" {
		c.Protocol = "HTTPS"
	}
}

// envInt reads a whole number from the environment variable name, 0 when it
// is unset; a value that is not one is kept for Check to report.
func (c *Config) envInt(name, setting string) int {
	s := strings.TrimSpace(os.Getenv(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		c.problems = append(c.problems, fmt.Errorf("%s=%q is not a positive whole number; correct or unset it (it stands for %s)", name, s, setting))
		return 0
	}
	return n
}

// Check reports settings that make every call fail, naming the setting and
// where the provider looked. It reads no file and makes no call.
func (c Config) Check() error {
	problems := append([]error(nil), c.problems...)
	add := func(format string, args ...any) { problems = append(problems, fmt.Errorf(format, args...)) }

	if c.Protocol != "HTTPS" && c.Protocol != "HTTP" {
		add("protocol %q is not HTTPS or HTTP", c.Protocol)
	}
	if c.ConnectTimeout < 0 || c.ReadTimeout < 0 {
		add("client_connect_timeout and client_read_timeout must be positive numbers of milliseconds")
	}
	switch {
	case c.AccessKey != "" && c.SecretKey == "":
		add("access_key is set but secret_key is not: set secret_key, or one of %s", strings.Join(EnvSecretKey, ", "))
	case c.AccessKey == "" && c.SecretKey != "":
		add("secret_key is set but access_key is not: set access_key, or one of %s", strings.Join(EnvAccessKey, ", "))
	case c.AccessKey == "" && c.SecurityToken != "":
		add("security_token is set but access_key and secret_key are not: a token goes with the temporary key pair it was issued with")
	}
	if c.CredentialsURI != "" {
		if u, err := url.Parse(c.CredentialsURI); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("credentials_uri must be an http:// or https:// URL")
		}
	}
	if r := c.AssumeRole; r != nil {
		if r.RoleARN == "" {
			add("assume_role.role_arn is empty: set it, or one of %s", strings.Join(EnvAssumeRoleARN, ", "))
		}
		if r.SessionExpiration != 0 && (r.SessionExpiration < MinSessionExpiration || r.SessionExpiration > MaxSessionExpiration) {
			add("assume_role.session_expiration is %d: it must be between %d and %d seconds", r.SessionExpiration, MinSessionExpiration, MaxSessionExpiration)
		}
	}
	if c.AccessKey == "" && c.SecretKey == "" && c.Profile == "" && c.CredentialsURI == "" && c.ECSRoleName == "" {
		problems = append(problems, c.missingCredentials())
	}
	return errors.Join(problems...)
}

// missingCredentials lists where the provider looked, in its order.
func (c Config) missingCredentials() error {
	what := "no Alibaba Cloud credentials"
	if c.AssumeRole != nil {
		what = "no Alibaba Cloud credentials to assume assume_role.role_arn with"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s. The provider looked, in this order, at:\n", what)
	fmt.Fprintf(&b, "  1. access_key and secret_key in the provider block, then the environment variables %s and %s;\n",
		strings.Join(EnvAccessKey, ", "), strings.Join(EnvSecretKey, ", "))
	fmt.Fprintf(&b, "  2. profile, or %s: a profile of shared_credentials_file (default ~/.aliyun/config.json, written by `aliyun configure`);\n",
		strings.Join(EnvProfile, ", "))
	fmt.Fprintf(&b, "  3. credentials_uri, or %s;\n", strings.Join(EnvCredentialsURI, ", "))
	fmt.Fprintf(&b, "  4. ecs_role_name, or %s: the RAM role of the ECS instance Terraform runs on.\n", strings.Join(EnvECSRoleName, ", "))
	b.WriteString("None is set; set one of them.")
	if file, err := defaultSharedCredentialsFile(); err == nil {
		if _, err := os.Stat(file); err == nil {
			fmt.Fprintf(&b, " %s exists, but a profile of it is used only when profile names it.", file)
		}
	}
	return errors.New(b.String())
}
