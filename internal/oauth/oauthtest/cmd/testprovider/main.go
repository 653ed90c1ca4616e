// Command testprovider runs the oauthtest provider on 127.0.0.1 for tests.
// It reads its clients and users from the JSON file named by -config and
// prints "listening http://HOST:PORT" on stdout once it accepts connections.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/extralit/extralit-go/internal/oauth/oauthtest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	cfgPath := flag.String("config", "", "JSON file with clients and users")
	flag.Parse()
	var cfg oauthtest.Config
	data, err := os.ReadFile(*cfgPath)
	if err != nil {
		log.Fatalf("read -config: %v", err)
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		log.Fatalf("parse -config %s: %v", *cfgPath, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("listen on %s: %v", *addr, err)
	}
	fmt.Printf("listening http://%s\n", ln.Addr())
	srv := &http.Server{Handler: oauthtest.New(cfg), ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.Serve(ln))
}
