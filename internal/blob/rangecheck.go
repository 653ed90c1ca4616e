package blob

import "fmt"

// CheckRange validates a GetRange request on an object of the given size
// and returns how many bytes it covers. The error wraps ErrInvalidRange.
func CheckRange(offset, length, size int64) (int64, error) {
	switch {
	case offset < 0:
		return 0, fmt.Errorf("%w: offset %d is negative", ErrInvalidRange, offset)
	case length < -1:
		return 0, fmt.Errorf("%w: length %d is below -1", ErrInvalidRange, length)
	case offset > size:
		return 0, fmt.Errorf("%w: offset %d is past the end of a %d-byte object", ErrInvalidRange, offset, size)
	}
	n := size - offset
	if length >= 0 && length < n {
		n = length
	}
	return n, nil
}
