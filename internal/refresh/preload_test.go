package refresh

import (
	"strings"
	"testing"
)

func TestPreloadRules(t *testing.T) {
	tests := []struct {
		p     Preload
		where string
		says  string
	}{
		{Preload{Service: CDN, Paths: urls("example.com", 100)}, "", ""},
		{Preload{Service: CDN, Paths: urls("example.com", 101)}, "object_paths[100]", "a prefetch takes at most 100 URLs per request (SingleRequest.OverLimit); this resource has 101"},
		{Preload{Service: DCDN, Paths: []string{"*.example.com/a"}}, "object_paths[0]", "wildcard"},
		{Preload{Service: VOD, Paths: []string{"example.com/a\tb"}}, "object_paths[0]", "which no URL carries"},
		{Preload{Service: VOD, Paths: []string{"example.com/a b"}}, "", ""},
		{Preload{Service: EdgeRoutine, Paths: []string{"example.com/a"}}, "service", `"edge_routine" is not one of "cdn", "dcdn", "vod"`},
		{Preload{Service: CDN, Paths: []string{"example.com/a"}, Area: "Overseas"}, "area", `did you mean "overseas"?`},
		{Preload{Service: CDN, Paths: []string{"example.com/a"}, WithHeader: `{"Origin":"https://example.com"}`}, "", ""},
		{Preload{Service: CDN, Paths: []string{"example.com/a"}, WithHeader: `Origin: x`}, "with_header", "JSON object"},
		{Preload{Service: CDN, Paths: nil}, "object_paths", "at least one path"},
		// VOD prefetches files only (PreloadVodObjectCaches, reference notes §9).
		{Preload{Service: VOD, Paths: []string{"https://example.com/videos/a.mp4", "https://example.com/videos/"}}, "object_paths[1]",
			`"https://example.com/videos/" names a directory, and vod prefetches files only (PreloadVodObjectCaches takes no directories): name each file instead, such as "https://example.com/videos/video.mp4"`},
		{Preload{Service: VOD, Paths: []string{"example.com"}}, "object_paths[0]", `such as "example.com/video.mp4"`},
		{Preload{Service: VOD, Paths: []string{"example.com/videos/?page=2"}}, "object_paths[0]", `such as "example.com/videos/video.mp4"`},
		{Preload{Service: VOD, Paths: []string{"example.com/play?next=/"}}, "", ""},
		{Preload{Service: VOD, Paths: []string{"example.com/videos/"}, Pending: Pending{Paths: map[int]bool{0: true}}}, "", ""},
		{Preload{Service: CDN, Paths: []string{"example.com/videos/"}}, "", ""},
		{Preload{Service: DCDN, Paths: []string{"example.com/videos/"}}, "", ""},
	}
	for _, tc := range tests {
		ps := tc.p.Validate()
		switch {
		case tc.where == "" && len(ps) != 0:
			t.Errorf("%+v refused: %v", tc.p.Service, ps)
		case tc.where != "" && (len(ps) != 1 || ps[0].Where() != tc.where || !strings.Contains(ps[0].Detail, tc.says)):
			t.Errorf("want %s: …%s…, got %v", tc.where, tc.says, ps)
		}
	}
}
