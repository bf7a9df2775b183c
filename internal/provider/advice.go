package provider

import (
	"errors"
	"strings"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
)

// explain is err's text for a diagnostic, followed by what to do about
// the Alibaba Cloud error it carries, if any.
func explain(err error) string {
	s := err.Error()
	var apiErr *alibaba.APIError
	if errors.As(err, &apiErr) {
		if a := advice(apiErr.Code); a != "" {
			s += ". " + a
		}
	}
	return s
}

// advice says what a user can do about an Alibaba Cloud error code.
func advice(code string) string {
	switch {
	case code == "QuotaExceeded.Refresh":
		return "Today's refresh quota is spent; it renews at midnight (UTC+8). Ask Alibaba Cloud for a larger quota, or refresh a directory instead of many URLs"
	case code == "QuotaPerMinuteExceeded.Refresh":
		return "Too many URLs were refreshed on one domain this minute, until the timeout ran out; run the apply again, or raise the timeout (timeouts.create, or the action's timeout)"
	case code == "PreloadQueueFull":
		return "The prefetch queue stayed full until the timeout ran out; run the apply again later, or raise the timeout (timeouts.create, or the action's timeout)"
	case code == "TooMany.Refresh":
		return "The domain's refresh queue stayed full until the timeout ran out; run the apply again later, or raise the timeout (timeouts.create, or the action's timeout)"
	case code == "Throttling", code == "TooManyRequests", strings.HasPrefix(code, "Throttling."):
		return "Alibaba Cloud throttled the call until the timeout ran out; run the apply again, or lower -parallelism"
	case code == "SingleRequest.OverLimit":
		return "Split the paths across several resources"
	case strings.HasPrefix(code, "InvalidObjectPath"), strings.HasPrefix(code, "InvalidObjectType"), code == "MissingParameter":
		return "Correct object_paths or object_type"
	case strings.HasPrefix(code, "InvalidExtensiveDomain"):
		return "Wildcard domains cannot be refreshed; name each subdomain"
	case strings.HasPrefix(code, "InvalidDomain"), code == "IllegalOperation":
		return "Check that each path's domain is an accelerated domain of this account for the chosen service, and that it is online"
	case strings.HasPrefix(code, "OperationDenied"):
		return "The service is not activated or is suspended for this account; activate it or settle the account in the Alibaba Cloud console"
	case code == "SignatureDoesNotMatch", strings.HasPrefix(code, "InvalidAccessKeyId"), strings.HasPrefix(code, "InvalidSecurityToken"):
		return "Check the provider's access_key, secret_key and security_token (or the ALICLOUD_* / ALIBABA_CLOUD_* environment variables)"
	case code == "Forbidden.RAM", strings.HasPrefix(code, "NoPermission"), code == "Forbidden":
		return "Grant the RAM user or role permission for this operation"
	case code == "ServiceBusy":
		return "The domain's configuration was still being changed until the timeout ran out; run the apply again later"
	case code == "ServiceUnavailable", code == "InternalError":
		return "Alibaba Cloud could not serve the call until the timeout ran out; run the apply again later"
	}
	return ""
}

// quotaHint follows a warning that a refresh may exceed the daily quota.
const quotaHint = ". The data source alicloud_cache_refresh_quota shows what is left today"
