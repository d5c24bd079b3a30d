package main

import (
	"encoding/json"
	"os"
	"sync"
	"time"
)

// logger prints the JSON lines that are this program's contract with test/support (TypeScript):
//
//	{"event":"started","identity":…,"time":…,"namespace":…,"name":…,"lockType":…}
//	{"event":"new-leader","identity":…,"leader":…,"time":…}
//	{"event":"leading","identity":…,"leader":<identity>,"time":…}
//	{"event":"stopped-leading","identity":…,"time":…}
//	{"event":"crashing","identity":…,"reason":"crash-after"|"SIGUSR1","time":…}  then exit 1
//	{"event":"exiting","identity":…,"reason":…,"time":…}
//
// time is RFC 3339 with nanoseconds, UTC. Add fields, never rename them.
type logger struct {
	mu       sync.Mutex
	identity string
	enc      *json.Encoder
}

func newLogger(identity string) *logger {
	return &logger{identity: identity, enc: json.NewEncoder(os.Stdout)}
}

func (l *logger) event(event string, fields map[string]interface{}) {
	line := map[string]interface{}{}
	for k, v := range fields {
		line[k] = v
	}
	line["event"] = event
	line["identity"] = l.identity
	line["time"] = time.Now().UTC().Format(time.RFC3339Nano)
	l.mu.Lock()
	defer l.mu.Unlock()
	_ = l.enc.Encode(line)
}

// crash exits at once without releasing the lock: the record stays as the last renewal left it.
func (l *logger) crash(reason string) {
	l.event("crashing", map[string]interface{}{"reason": reason})
	os.Exit(1)
}
