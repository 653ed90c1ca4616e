// Command records measures the dataset API of a running extralit server:
// bulk-logging records through raw HTTP, then search latency for a text
// query, a metadata filter and a similarity query, and the server's RSS.
//
//	go run ./bench/records -url http://127.0.0.1:6900 -key KEY -n 100000 -pid PID
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	baseURL  = flag.String("url", "http://127.0.0.1:6900", "server URL")
	key      = flag.String("key", "", "owner API key")
	n        = flag.Int("n", 100000, "records to log")
	batch    = flag.Int("batch", 500, "records per bulk call")
	workers  = flag.Int("workers", 4, "concurrent bulk calls")
	queries  = flag.Int("queries", 300, "queries per kind")
	pid      = flag.Int("pid", 0, "server process id, to read its RSS")
	dims     = flag.Int("dims", 384, "vector dimensions")
	vocab    = flag.String("vocab", "zipf", "record text: zipf (20,000 words, Zipf frequencies) or common (30 words, each in ~80% of records)")
	prebuilt = flag.Bool("prebuilt", true, "encode every bulk request body before timing (false: encode while sending, as the first version did)")
	reuse    = flag.String("dataset", "", "query this dataset (made by an earlier run) instead of creating and logging one")
)

var client = &http.Client{Timeout: 5 * time.Minute}

// call sends body as JSON and decodes the JSON response.
func call(method, path string, body any) map[string]any {
	var buf []byte
	if body != nil {
		var err error
		if buf, err = json.Marshal(body); err != nil {
			log.Fatal(err)
		}
	}
	var m map[string]any
	_ = json.Unmarshal(send(method, path, buf), &m)
	return m
}

// send sends a JSON body and returns the response body, failing on an
// error status.
func send(method, path string, body []byte) []byte {
	req, _ := http.NewRequest(method, *baseURL+path, bytes.NewReader(body))
	req.Header.Set("X-Extralit-Api-Key", *key)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		log.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		log.Fatalf("%s %s = %d %s", method, path, res.StatusCode, data)
	}
	return data
}

// vocabulary is the benchmark's word list: 20,000 made-up words, used
// with Zipf frequencies (exponent 1.1) like the words of real text, so
// that a few words occur in most records and most words in few.
var vocabulary = func() []string {
	syll := strings.Fields("ba ce di fo gu ha je ki lo mu na pe ri so tu va we xi yo zu br cl dr fl gr pl st tr")
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	var out []string
	for len(out) < 20000 {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}()

// commonWords is the 30-word vocabulary of the first version of this
// benchmark: every word occurs in about 80% of the records, the worst
// case for a text query.
var commonWords = strings.Fields(`gene protein cell tumour mouse model patient cohort trial dose response
therapy receptor pathway expression mutation variant sequence genome assay signal network
analysis method result effect risk factor outcome treatment control sample data study`)

func text(r *rand.Rand, z *rand.Zipf) string {
	var b strings.Builder
	for i := range 50 {
		if i > 0 {
			b.WriteByte(' ')
		}
		if *vocab == "common" {
			b.WriteString(commonWords[r.IntN(len(commonWords))])
		} else {
			b.WriteString(vocabulary[z.Uint64()])
		}
	}
	return b.String()
}

func vector(r *rand.Rand) []float32 {
	v := make([]float32, *dims)
	for i := range v {
		v[i] = r.Float32()*2 - 1
	}
	return v
}

func main() {
	flag.Parse()
	if *reuse != "" {
		runQueries("/api/v1/datasets/" + *reuse)
		return
	}
	ws := call("GET", "/api/v1/me/workspaces", nil)["items"].([]any)[0].(map[string]any)["id"].(string)
	ds := call("POST", "/api/v1/datasets", map[string]any{"name": fmt.Sprintf("bench-%d", time.Now().UnixNano()), "workspace_id": ws})["id"].(string)
	base := "/api/v1/datasets/" + ds
	call("POST", base+"/fields", map[string]any{"name": "text", "title": "Text", "settings": map[string]any{"type": "text"}})
	q := call("POST", base+"/questions", map[string]any{"name": "label", "title": "Label", "settings": map[string]any{"type": "label_selection",
		"options": []any{map[string]any{"value": "yes", "text": "Yes"}, map[string]any{"value": "no", "text": "No"}}}})["id"].(string)
	call("POST", base+"/metadata-properties", map[string]any{"name": "journal", "title": "Journal", "settings": map[string]any{"type": "terms"}})
	call("POST", base+"/metadata-properties", map[string]any{"name": "year", "title": "Year", "settings": map[string]any{"type": "integer"}})
	call("POST", base+"/metadata-properties", map[string]any{"name": "impact", "title": "Impact", "settings": map[string]any{"type": "float"}})
	call("POST", base+"/vectors-settings", map[string]any{"name": "emb", "title": "Emb", "dimensions": *dims})
	call("PUT", base+"/publish", nil)

	// Raw HTTP bulk logging: one text field, three metadata values, one
	// suggestion; vectors go on every tenth record so that the load stays
	// about text indexing while similarity still has 10% of records to rank.
	// Each batch's request body is built from its own seed, so the load is
	// the same whichever worker sends it. With -prebuilt (the default)
	// every body is encoded before the clock starts and responses are
	// discarded unread, so the load generator, which shares the machine,
	// spends its CPU on sending only.
	body := func(first int) []byte {
		r := rand.New(rand.NewPCG(uint64(first), 7))
		z := rand.NewZipf(r, 1.1, 2, uint64(len(vocabulary)-1))
		items := make([]any, 0, *batch)
		for i := first; i < min(first+*batch, *n); i++ {
			rec := map[string]any{
				"external_id": "r" + strconv.Itoa(i),
				"fields":      map[string]any{"text": text(r, z)},
				"metadata":    map[string]any{"journal": []string{"nature", "science", "cell", "plos"}[i%4], "year": 1990 + i%35, "impact": r.Float64() * 40},
				"suggestions": []any{map[string]any{"question_id": q, "value": []string{"yes", "no"}[i%2], "score": r.Float64(), "agent": "bench"}},
			}
			if i%10 == 0 {
				rec["vectors"] = map[string]any{"emb": vector(r)}
			}
			items = append(items, rec)
		}
		b, err := json.Marshal(map[string]any{"items": items})
		if err != nil {
			log.Fatal(err)
		}
		return b
	}
	bodies := map[int][]byte{}
	if *prebuilt {
		for first := 0; first < *n; first += *batch {
			bodies[first] = body(first)
		}
	}
	start, cpu0 := time.Now(), serverCPU()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for first := range jobs {
				if b, ok := bodies[first]; ok {
					send("PUT", base+"/records/bulk", b)
				} else {
					send("PUT", base+"/records/bulk", body(first))
				}
			}
		}()
	}
	for first := 0; first < *n; first += *batch {
		jobs <- first
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	how := "bodies encoded before the clock started"
	if !*prebuilt {
		how = "bodies encoded while sending"
	}
	fmt.Printf("bulk log: %d records in %.1fs = %.0f records/s (batch %d, %d concurrent calls, %s)\n",
		*n, elapsed.Seconds(), float64(*n)/elapsed.Seconds(), *batch, *workers, how)
	if cpu := serverCPU() - cpu0; *pid > 0 && cpu > 0 {
		fmt.Printf("server CPU during the bulk log: %.1fs = %.0f records per CPU-second (%.2f cores busy on average)\n",
			cpu.Seconds(), float64(*n)/cpu.Seconds(), cpu.Seconds()/elapsed.Seconds())
	}
	fmt.Printf("dataset: %s\n", ds)
	runQueries(base)
}

// runQueries times each kind of query against the dataset at base and
// prints the server's memory.
func runQueries(base string) {
	r := rand.New(rand.NewPCG(99, 1))
	measure := func(name string, body func() any) {
		var lat []time.Duration
		for range *queries {
			b := body()
			t := time.Now()
			call("POST", base+"/records/search?limit=50", b)
			lat = append(lat, time.Since(t))
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		fmt.Printf("search %-20s p50 %6.2f ms  p95 %6.2f ms  (%d queries, limit 50, through HTTP)\n", name,
			ms(lat[len(lat)/2]), ms(lat[len(lat)*95/100]), len(lat))
	}
	// A searched word is a topical one: ranks 100 to 5,000 of the Zipf
	// vocabulary, each in well under 1% to about 5% of the records.
	measure("text", func() any {
		w := vocabulary[100+r.IntN(4900)]
		if *vocab == "common" {
			w = commonWords[r.IntN(len(commonWords))]
		}
		return map[string]any{"query": map[string]any{"text": map[string]any{"q": w}}}
	})
	// The worst case: a word in most records (rank 1-10, or any of the
	// common vocabulary), so that the engine scores most of the dataset.
	measure("text, common word", func() any {
		w := vocabulary[r.IntN(10)]
		if *vocab == "common" {
			w = commonWords[r.IntN(len(commonWords))]
		}
		return map[string]any{"query": map[string]any{"text": map[string]any{"q": w}}}
	})
	measure("metadata filter", func() any {
		return map[string]any{"filters": map[string]any{"and": []any{
			map[string]any{"type": "terms", "scope": map[string]any{"entity": "metadata", "metadata_property": "journal"}, "values": []string{"cell"}},
			map[string]any{"type": "range", "scope": map[string]any{"entity": "metadata", "metadata_property": "year"}, "ge": 2000 + r.IntN(10), "le": 2015},
		}}}
	})
	measure("similarity", func() any {
		return map[string]any{"query": map[string]any{"vector": map[string]any{"name": "emb", "value": vector(r)}}}
	})
	if *pid > 0 {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", *pid)); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(line, "VmRSS") || strings.HasPrefix(line, "VmHWM") {
					fmt.Println("server", strings.Join(strings.Fields(line), " "))
				}
			}
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// serverCPU is the CPU time (user and system) the server process has used,
// from /proc; zero without -pid or on systems without /proc. Unlike wall
// time it barely depends on what else runs on the machine.
func serverCPU() time.Duration {
	if *pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", *pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces; count from its ")".
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // clock ticks (USER_HZ = 100 on Linux)
}
