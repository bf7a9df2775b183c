package refresh

import (
	"fmt"
	"os"
	"strings"
)

// Config is how to reach Alibaba Cloud.
type Config struct {
	AccessKey     string
	SecretKey     string
	SecurityToken string
	Region        string // default DefaultRegion
	Protocol      string // "HTTPS" (default) or "HTTP"
	Endpoints     Endpoints
	// ProviderVersion goes into the User-Agent, so Alibaba's logs show
	// which calls came from this provider.
	ProviderVersion string
}

// Endpoints override the SDK's hosts, as host or host:port. Edge routine
// refreshes use the DCDN endpoint.
type Endpoints struct {
	CDN  string
	DCDN string
	VOD  string
}

// DefaultRegion is the region of the aliyun/alicloud provider's default.
const DefaultRegion = "cn-hangzhou"

// The environment variables each setting falls back to, in order: the
// aliyun/alicloud provider's names first, then the SDK's and the CLI's.
var (
	EnvAccessKey     = []string{"ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_ID"}
	EnvSecretKey     = []string{"ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_ACCESS_KEY_SECRET"}
	EnvSecurityToken = []string{"ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABACLOUD_SECURITY_TOKEN"}
	EnvRegion        = []string{"ALICLOUD_REGION", "ALIBABA_CLOUD_REGION"}
)

// FromEnv fills every setting left empty from the environment, then applies
// the defaults.
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
	fill(&c.SecurityToken, EnvSecurityToken)
	fill(&c.Region, EnvRegion)
	if c.Region == "" {
		c.Region = DefaultRegion
	}
	if c.Protocol == "" {
		c.Protocol = "HTTPS"
	}
}

// Check reports a setting that makes every call fail, naming where the
// provider looked for it.
func (c Config) Check() error {
	if c.AccessKey == "" || c.SecretKey == "" {
		return fmt.Errorf("no Alibaba Cloud credentials: set access_key and secret_key in the provider block, or the environment variables %s and %s",
			strings.Join(EnvAccessKey, ", "), strings.Join(EnvSecretKey, ", "))
	}
	if c.Protocol != "HTTPS" && c.Protocol != "HTTP" {
		return fmt.Errorf("protocol %q is not HTTPS or HTTP", c.Protocol)
	}
	return nil
}
