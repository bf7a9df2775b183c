package provider

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
)

// TestExplainAddsTheFix: an Alibaba Cloud error, however deep it is
// wrapped, is followed by what to do about it, in Terraform's terms; other
// errors read as they are.
func TestExplainAddsTheFix(t *testing.T) {
	for code, want := range map[string]string{
		"QuotaExceeded.Refresh":          "renews at midnight (UTC+8)",
		"Throttling.User":                "lower -parallelism",
		"QuotaPerMinuteExceeded.Refresh": "raise the timeout (timeouts.create, or the action's timeout)",
		"InvalidObjectPath.Malformed":    "Correct object_paths or object_type",
		"Forbidden.RAM":                  "Grant the RAM user or role permission",
	} {
		err := fmt.Errorf("waiting: %w", &alibaba.APIError{Operation: "RefreshObjectCaches", HTTPStatus: 400, Code: code, Message: "m", RequestID: "r-1"})
		got := explain(err)
		if !strings.HasPrefix(got, err.Error()+". ") || !strings.Contains(got, want) {
			t.Errorf("%s: %q, want the error then %q", code, got, want)
		}
		if strings.Contains(err.Error(), want) {
			t.Errorf("%s: the client's own error carries Terraform advice: %q", code, err.Error())
		}
	}
	if got := explain(&alibaba.APIError{Code: "SomethingNew"}); strings.HasSuffix(got, ". ") {
		t.Errorf("an unknown code gets empty advice: %q", got)
	}
	if got := explain(errors.New("connection refused")); got != "connection refused" {
		t.Errorf("a plain error reads %q", got)
	}
}

// TestUnconfirmedSaysWhyTheTaskListCouldNotTell: a refresh whose answer
// never came, and whose task list Alibaba refused to show, says how to get
// that permission as well as how to check.
func TestUnconfirmedSaysWhyTheTaskListCouldNotTell(t *testing.T) {
	u := &alibaba.UnconfirmedError{
		Err:     &alibaba.TransportError{Operation: "RefreshObjectCaches", Detail: "connection reset"},
		LookErr: &alibaba.APIError{Operation: "DescribeRefreshTasks", HTTPStatus: 403, Code: "Forbidden.RAM", Message: "denied", RequestID: "r-2"},
		Service: "cdn",
	}
	got := unconfirmedDetail(u, "refresh", "timeouts.create", true)
	if !strings.Contains(got, "(DescribeRefreshTasks: Forbidden.RAM (HTTP 403): denied (RequestId r-2)). Grant the RAM user or role permission") ||
		!strings.Contains(got, `data "alicloud_cache_refresh_tasks" "check"`) {
		t.Fatalf("detail:\n%s", got)
	}
}
