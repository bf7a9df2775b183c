package alibaba

import (
	"fmt"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// urls is n URLs on domain.
func urls(domain string, n int) []string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("%s/asset-%d.js", domain, i)
	}
	return ps
}

// baseRequest is a valid request of svc for paths.
func baseRequest(svc refresh.Service, typ refresh.ObjectType, paths []string) refresh.Request {
	r := refresh.Request{Service: svc, ObjectType: typ, Paths: paths}
	if svc == refresh.EdgeRoutine {
		r.RoutineID = "myroutine.mysubdomain"
	}
	return r
}
