package extract

// nameTable is the string-keyed table the extractor keeps per text
// (names, surnames, role heads, names seen, places). Go maps did the
// job, but these tables live in a pool and serve many small texts of a
// few to hundreds of keys: a map's clear costs its capacity (every text
// paid for the largest one the map had ever held), and a look-up that
// misses and then adds the key (locate, putAt) hashes and probes twice.
//
// It is open addressing with linear probing over a power-of-two slice
// of slots, at most half full, so that a look-up mostly reads one slot.
// A slot keeps the key's hash (its low 32 bits, with the lowest bit set
// so that 0 marks an empty slot): a probe compares strings only when
// the hashes agree. reset empties the slots written since the last
// reset (their indices are logged in used), so that it costs the
// entries, not the capacity, and leaves no reference to the text's
// strings behind in a pooled table.
//
// The keys are stored as given: a caller passes a string that stays
// unchanged as long as the table holds it (a part of the text or of
// the per-text key arena, see nameKey), never a view of a buffer that
// is reused. The zero nameTable is empty and ready to use.
type nameTable[V any] struct {
	slots []nameSlot[V]
	used  []int32 // the indices of the occupied slots, in order of writing
}

type nameSlot[V any] struct {
	h   uint32 // the key's hash with the lowest bit set; 0: empty
	key string
	val V
}

// minSlots is a new table's size: room for 8 keys, which most texts'
// tables never outgrow.
const minSlots = 16

// len is the number of keys in t.
func (t *nameTable[V]) len() int { return len(t.used) }

// get is the value of k in t and whether t has k.
func (t *nameTable[V]) get(k string) (V, bool) {
	if i, ok := find(t, k, hashKey(k)); ok {
		return t.slots[i].val, true
	}
	var zero V
	return zero, false
}

// getBytes is get with k a byte slice, which is not copied.
func (t *nameTable[V]) getBytes(k []byte) (V, bool) {
	return t.getHash(k, hashKey(k))
}

// getHash is getBytes with h, k's hashKey, given: a key looked up in
// several tables (see resolve) is hashed once.
func (t *nameTable[V]) getHash(k []byte, h uint64) (V, bool) {
	if i, ok := find(t, k, h); ok {
		return t.slots[i].val, true
	}
	var zero V
	return zero, false
}

// has reports whether t has k.
func (t *nameTable[V]) has(k []byte) bool {
	return t.hasHash(k, hashKey(k))
}

// hasHash reports whether t has k, whose hashKey is h.
func (t *nameTable[V]) hasHash(k []byte, h uint64) bool {
	_, ok := find(t, k, h)
	return ok
}

// put maps k to v. The table keeps k itself (see nameTable).
func (t *nameTable[V]) put(k string, v V) {
	t.putHash(k, hashKey(k), v)
}

// putHash is put with h, k's hashKey, given (a key that its caller
// keeps and puts again, see index).
func (t *nameTable[V]) putHash(k string, h uint64, v V) {
	if 2*(len(t.used)+1) > len(t.slots) {
		t.grow()
	}
	i, ok := find(t, k, h)
	if !ok {
		t.slots[i].h = uint32(h) | 1
		t.slots[i].key = k
		t.used = append(t.used, int32(i))
	}
	t.slots[i].val = v
}

// nameSpot is the slot of a key that locate looked up, and its hash.
type nameSpot struct {
	i int
	h uint64
}

// noSpot is no key's spot.
var noSpot = nameSpot{i: -1}

// locate is getBytes that also returns k's slot, where putAt writes
// without hashing and probing again (a name noted or aliased is looked
// up first, and added when missing). It makes room for one more key
// first, as put does, so that the spot stays valid until t is written.
func (t *nameTable[V]) locate(k []byte) (v V, ok bool, at nameSpot) {
	return t.locateHash(k, hashKey(k))
}

// locateHash is locate with h, k's hashKey, given (by lowerKey,
// which lowers and hashes a name in one pass).
func (t *nameTable[V]) locateHash(k []byte, h uint64) (v V, ok bool, at nameSpot) {
	if 2*(len(t.used)+1) > len(t.slots) {
		t.grow()
	}
	i, ok := find(t, k, h)
	if ok {
		v = t.slots[i].val
	}
	return v, ok, nameSpot{i, h}
}

// putAt maps the key that locate returned the spot at to v, t unchanged
// since. When the key was missing, key is kept as the key (k as a
// string, see nameTable); else key is not read.
func (t *nameTable[V]) putAt(at nameSpot, key string, v V) {
	s := &t.slots[at.i]
	if s.h == 0 {
		s.h, s.key = uint32(at.h)|1, key
		t.used = append(t.used, int32(at.i))
	}
	s.val = v
}

// reset empties t, keeping its room.
func (t *nameTable[V]) reset() {
	s := t.slots
	for _, i := range t.used {
		s[i] = nameSlot[V]{}
	}
	t.used = t.used[:0]
}

// grow doubles t's slots (or makes the first ones) and moves the keys
// over, keeping their order of writing in used.
func (t *nameTable[V]) grow() {
	old, used := t.slots, t.used
	t.slots = make([]nameSlot[V], max(minSlots, 2*len(old)))
	t.used = make([]int32, 0, cap(t.slots)/2)
	for _, i := range used {
		s := &old[i]
		j, _ := find(t, s.key, hashKey(s.key))
		t.slots[j] = *s
		t.used = append(t.used, int32(j))
	}
}

// find is the slot of k (whose hashKey is h) in t and true, or the
// empty slot where k would go and false (-1 when t has no slots).
func find[K ~string | ~[]byte, V any](t *nameTable[V], k K, h uint64) (int, bool) {
	s := t.slots
	if len(s) == 0 {
		return -1, false
	}
	tag := uint32(h) | 1
	mask := len(s) - 1
	// (the high bits pick the slot: the low ones are the tag, and the
	// final multiply of hashKey mixes the high bits best)
	for i := int(h>>32) & mask; ; i = (i + 1) & mask {
		switch sl := &s[i]; sl.h {
		case 0:
			return i, false
		case tag:
			if string(k) == sl.key {
				return i, true
			}
		}
	}
}

// hashKey hashes k: a word at a time (eight bytes read as one
// little-endian integer), multiplied and folded. It need not resist an
// adversary (a text with many colliding names only makes its own
// extraction slower), only spread the names of one text.
func hashKey[K ~string | ~[]byte](k K) uint64 {
	const m = 0x9e3779b97f4a7c15 // 2^64 / φ, odd
	n := len(k)
	h := uint64(n) * m
	switch {
	case n >= 8:
		for i := 0; i < n-8; i += 8 {
			h = (h ^ keyWord64(k[i:])) * m
			h ^= h >> 29
		}
		// the last eight bytes, overlapping the last word read when
		// the length is not a multiple of eight
		h = (h ^ keyWord64(k[n-8:])) * m
	case n >= 4:
		// the first and last four bytes (overlapping below 8)
		h = (h ^ (keyWord32(k) | keyWord32(k[n-4:])<<32)) * m
	case n > 0:
		// the first, middle and last byte
		h = (h ^ (uint64(k[0]) | uint64(k[n/2])<<8 | uint64(k[n-1])<<16)) * m
	}
	h ^= h >> 32
	return h * m
}

// keyWord64 is k's first eight bytes as a little-endian integer.
func keyWord64[K ~string | ~[]byte](k K) uint64 {
	_ = k[7]
	return uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24 |
		uint64(k[4])<<32 | uint64(k[5])<<40 | uint64(k[6])<<48 | uint64(k[7])<<56
}

// keyWord32 is k's first four bytes as a little-endian integer.
func keyWord32[K ~string | ~[]byte](k K) uint64 {
	_ = k[3]
	return uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24
}
