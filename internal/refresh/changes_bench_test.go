package refresh

import (
	"fmt"
	"maps"
	"testing"
)

// weekSite is a static site of 3,000 objects: 2,000 pages, 40 directories
// of 25 assets.
func weekSite() Versions {
	v := Versions{}
	for i := range 2000 {
		v[fmt.Sprintf("https://example.com/p/%04d.html", i)] = "r0"
	}
	for d := range 40 {
		for f := range 25 {
			v[fmt.Sprintf("https://example.com/assets/%02d/%02d.css", d, f)] = "r0"
		}
	}
	return v
}

// weekOfDeploys is seven daily deploys after the first release: what each
// changes, as a site's releases typically do.
var weekOfDeploys = []struct {
	what   string
	deploy func(day string, v Versions)
}{
	{"nothing changed", func(string, Versions) {}},
	{"1 page changed", func(day string, v Versions) { v["https://example.com/p/0007.html"] = day }},
	{"a directory of 25 assets rebuilt", func(day string, v Versions) {
		for f := range 25 {
			v[fmt.Sprintf("https://example.com/assets/03/%02d.css", f)] = day
		}
	}},
	{"12 pages changed, 1 removed", func(day string, v Versions) {
		for i := range 12 {
			v[fmt.Sprintf("https://example.com/p/%04d.html", 100+i)] = day
		}
		delete(v, "https://example.com/p/1999.html")
	}},
	{"3 directories rebuilt, 5 pages added", func(day string, v Versions) {
		for _, d := range []int{5, 6, 7} {
			for f := range 25 {
				v[fmt.Sprintf("https://example.com/assets/%02d/%02d.css", d, f)] = day
			}
		}
		for i := range 5 {
			v[fmt.Sprintf("https://example.com/p/new-%d.html", i)] = day
		}
	}},
	{"nothing changed", func(string, Versions) {}},
	{"2 pages changed", func(day string, v Versions) {
		v["https://example.com/p/0001.html"], v["https://example.com/p/0002.html"] = day, day
	}},
}

// BenchmarkWeekOfDeploys prints the quota a week of daily deploys spends:
// the whole list purged on each (triggers_replace on a hash of every file),
// against alicloud_cache_refresh_objects purging what changed, without and
// with a directory threshold of 20. The figures are quota (URLs, directories
// per week), not time; ns/op is one week's change sets computed.
func BenchmarkWeekOfDeploys(b *testing.B) {
	for _, threshold := range []int{0, 20} {
		b.Run(fmt.Sprintf("directory_threshold=%d", threshold), func(b *testing.B) {
			var wholeURLs, urls, dirs int
			for b.Loop() {
				wholeURLs, urls, dirs = 0, 0, 0
				recorded := weekSite()
				for day, d := range weekOfDeploys {
					wanted := maps.Clone(recorded)
					d.deploy(fmt.Sprintf("r%d", day+1), wanted)
					cs := Diff(recorded, wanted, threshold)
					wholeURLs += len(wanted)
					urls += len(cs.Files)
					dirs += len(cs.Directories)
					recorded = cs.Record(func(string) bool { return true })
				}
			}
			b.ReportMetric(float64(wholeURLs), "whole-list-URLs/week")
			b.ReportMetric(float64(urls), "changed-URLs/week")
			b.ReportMetric(float64(dirs), "changed-dirs/week")
			b.ReportMetric(100*float64(urls)/float64(wholeURLs), "%-of-whole-list")
		})
	}
}
