package bleve

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/extralit/extralit-go/internal/search/vecspace"
)

// The vector log keeps a dataset's vectors across restarts. Bleve's own
// vector fields need cgo and FAISS, so vectors live in memory and every
// change is appended here; opening a dataset replays the log.
//
// File layout: the magic line, then records of
//
//	uint32 payload length | payload | uint32 CRC-32 (IEEE) of payload
//
// all little-endian. A payload starts with an op byte:
//
//	'P' name id dims float32*dims   put a vector
//	'D' id                          remove a record's vectors from every space
//	'X' name                        drop a whole space
//
// where name and id are uvarint-length-prefixed strings and dims a uvarint.
// A torn record at the tail (a crash mid-append) is cut off at open.
const (
	logMagic = "EXTRALIT-VECTORS-1\n"
	opPut    = 'P'
	opDelete = 'D'
	opDrop   = 'X'
)

// vectorLog is the append-only file behind a dataset's vectors.
type vectorLog struct {
	path string
	f    *os.File
	size int64
}

// openVectorLog replays the log at path into spaces (creating the file if
// needed) and returns it open for appending.
func openVectorLog(path string, spaces map[string]*vecspace.Space) (*vectorLog, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open vector log: %w", err)
	}
	good, err := replay(f, spaces)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("replay vector log %s: %w", path, err)
	}
	if good == 0 {
		if _, err := f.WriteAt([]byte(logMagic), 0); err != nil {
			f.Close()
			return nil, fmt.Errorf("write vector log header: %w", err)
		}
		good = int64(len(logMagic))
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, fmt.Errorf("truncate vector log tail: %w", err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("seek vector log: %w", err)
	}
	return &vectorLog{path: path, f: f, size: good}, nil
}

// replay applies every whole record and returns the offset after the last
// one; 0 means an empty file.
func replay(f *os.File, spaces map[string]*vecspace.Space) (int64, error) {
	r := bufio.NewReaderSize(f, 1<<20)
	magic := make([]byte, len(logMagic))
	n, err := io.ReadFull(r, magic)
	if n == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
		return 0, nil
	}
	if err != nil || string(magic) != logMagic {
		return 0, errors.New("not a vector log (bad header)")
	}
	off := int64(len(logMagic))
	var head [4]byte
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return off, nil // clean end or torn length
		}
		size := binary.LittleEndian.Uint32(head[:])
		payload := make([]byte, int(size)+4)
		if _, err := io.ReadFull(r, payload); err != nil {
			return off, nil // torn record
		}
		sum := binary.LittleEndian.Uint32(payload[size:])
		payload = payload[:size]
		if crc32.ChecksumIEEE(payload) != sum {
			return off, nil // torn or corrupt tail
		}
		if err := apply(payload, spaces); err != nil {
			return 0, fmt.Errorf("record at offset %d: %w", off, err)
		}
		off += int64(size) + 8
	}
}

func apply(p []byte, spaces map[string]*vecspace.Space) error {
	if len(p) == 0 {
		return errors.New("empty record")
	}
	op, p := p[0], p[1:]
	switch op {
	case opPut:
		name, p, err := readString(p)
		if err != nil {
			return err
		}
		id, p, err := readString(p)
		if err != nil {
			return err
		}
		dims, k := binary.Uvarint(p)
		if k <= 0 || uint64(len(p)-k) != dims*4 {
			return errors.New("bad vector length")
		}
		p = p[k:]
		v := make([]float32, dims)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(p[i*4:]))
		}
		s := spaces[name]
		if s == nil || s.Dims() != int(dims) {
			s = vecspace.New(int(dims))
			spaces[name] = s
		}
		s.Put(id, v)
	case opDelete:
		id, _, err := readString(p)
		if err != nil {
			return err
		}
		for _, s := range spaces {
			s.Remove(id)
		}
	case opDrop:
		name, _, err := readString(p)
		if err != nil {
			return err
		}
		delete(spaces, name)
	default:
		return fmt.Errorf("unknown op %q", op)
	}
	return nil
}

func readString(p []byte) (string, []byte, error) {
	n, k := binary.Uvarint(p)
	if k <= 0 || uint64(len(p)-k) < n {
		return "", nil, errors.New("bad string length")
	}
	return string(p[k : k+int(n)]), p[k+int(n):], nil
}

// logBuffer encodes records for one append.
type logBuffer struct{ b []byte }

func (lb *logBuffer) record(payload func([]byte) []byte) {
	start := len(lb.b)
	lb.b = append(lb.b, 0, 0, 0, 0)
	lb.b = payload(lb.b)
	size := len(lb.b) - start - 4
	binary.LittleEndian.PutUint32(lb.b[start:], uint32(size))
	lb.b = binary.LittleEndian.AppendUint32(lb.b, crc32.ChecksumIEEE(lb.b[start+4:]))
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func (lb *logBuffer) put(name, id string, v []float32) {
	lb.record(func(b []byte) []byte {
		b = append(b, opPut)
		b = appendString(b, name)
		b = appendString(b, id)
		b = binary.AppendUvarint(b, uint64(len(v)))
		for _, x := range v {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
		return b
	})
}

func (lb *logBuffer) delete(id string) {
	lb.record(func(b []byte) []byte { return appendString(append(b, opDelete), id) })
}

func (lb *logBuffer) drop(name string) {
	lb.record(func(b []byte) []byte { return appendString(append(b, opDrop), name) })
}

// write appends the buffered records and syncs them to disk, so vectors are
// as durable as the Bleve batch written with them.
func (l *vectorLog) write(lb *logBuffer) error {
	if len(lb.b) == 0 {
		return nil
	}
	if _, err := l.f.Write(lb.b); err != nil {
		return fmt.Errorf("append vector log: %w", err)
	}
	l.size += int64(len(lb.b))
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("sync vector log: %w", err)
	}
	return nil
}

// liveSize is the size a log holding exactly spaces would have.
func liveSize(spaces map[string]*vecspace.Space) int64 {
	n := int64(len(logMagic))
	for name, s := range spaces {
		s.Each(func(id string, _ []float32) {
			n += int64(8 + 1 + 2*binary.MaxVarintLen16 + len(name) + len(id) + s.Dims()*4)
		})
	}
	return n
}

// compact rewrites the log to hold only spaces, through a temporary file
// renamed over the old one, so a crash leaves either the old or the new log.
func (l *vectorLog) compact(spaces map[string]*vecspace.Space) error {
	tmp := l.path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("compact vector log: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	size := int64(len(logMagic))
	_, err = w.WriteString(logMagic)
	var lb logBuffer
	for name, s := range spaces {
		s.Each(func(id string, v []float32) {
			lb.put(name, id, v)
			if len(lb.b) > 1<<20 && err == nil {
				_, err = w.Write(lb.b)
				size += int64(len(lb.b))
				lb.b = lb.b[:0]
			}
		})
	}
	if err == nil {
		_, err = w.Write(lb.b)
		size += int64(len(lb.b))
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, l.path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compact vector log: %w", err)
	}
	syncDir(filepath.Dir(l.path))
	nf, err := os.OpenFile(l.path, os.O_RDWR|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("reopen vector log: %w", err)
	}
	l.f.Close()
	l.f, l.size = nf, size
	return nil
}

func (l *vectorLog) close() error {
	if err := l.f.Sync(); err != nil {
		l.f.Close()
		return fmt.Errorf("sync vector log: %w", err)
	}
	return l.f.Close()
}

// syncDir makes a rename in dir durable; errors are ignored because some
// file systems cannot sync directories and the rename itself succeeded.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
