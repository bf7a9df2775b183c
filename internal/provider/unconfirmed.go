package provider

import (
	"errors"
	"fmt"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
)

// unconfirmedDetail says how to find out, with Terraform, whether a refresh
// or prefetch whose answer never came was carried out: the task list of the
// time it was sent, and, when it landed, an import instead of a new apply,
// which would purge again. timeoutAttr names the setting that bounded the
// call; importable says whether a resource can adopt the task.
func unconfirmedDetail(u *alibaba.UnconfirmedError, what, timeoutAttr string, importable bool) string {
	landed := "do not send it again"
	if importable {
		landed = "import it by its task ID (SERVICE:TASK_ID) rather than applying again, which would send it again"
	}
	summary := u.Summary()
	var apiErr *alibaba.APIError
	if errors.As(u.LookErr, &apiErr) && advice(apiErr.Code) != "" {
		// Why the task list could not tell, and its fix (a permission to
		// read it, say).
		summary += ". " + advice(apiErr.Code)
	}
	const layout = "2006-01-02T15:04:05Z"
	from := u.SentAt.UTC().Add(-time.Minute).Truncate(time.Second)
	return fmt.Sprintf("%s.\n\nTo check, read the tasks created since it was sent, and look for this %s's paths:\n\n"+
		"  data \"alicloud_cache_refresh_tasks\" \"check\" {\n"+
		"    service    = %q\n"+
		"    start_time = %q\n"+
		"    end_time   = %q\n"+
		"  }\n\n"+
		"If they are there, the %s was accepted: %s. If the answer is slow to come, raise %s.",
		summary, what, string(u.Service), from.Format(layout), from.Add(time.Hour).Format(layout), what, landed, timeoutAttr)
}
