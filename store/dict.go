package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/zstd"
)

// Feed items are short, and alike: the same markup, the same phrases, a
// source's same footer. Compressed alone, an item cannot refer to what
// the others share; with a dictionary trained on the store's own bodies
// it can, and keeps about a third less again (the 200 × 50 corpus: 0.9
// KB to 0.6 KB an item). `byline gc` trains one once the store holds
// enough bodies to learn from, and compresses every body again with it;
// new bodies use the newest dictionary. A frame names its dictionary, so
// bodies compressed with an older one, or with none, read as before.
//
// Dictionaries are kept in body_dicts and never change; another byline
// may add one while this one runs, so a frame naming one not loaded yet
// makes the codec load them again.

// dictMinBodies is how many bodies a store needs before a dictionary is
// trained from them; dictSamples is how many it learns from.
const (
	dictMinBodies = 1000
	dictSamples   = 500
	dictMaxSize   = 64 << 10
)

// bodyCodec compresses and reads bodies with the store's dictionaries.
type bodyCodec struct {
	mu  sync.RWMutex
	ids []int64
	enc *zstd.Encoder // with the newest dictionary; nil for none
	dec *zstd.Decoder // with every dictionary; nil for none
}

// load reads the store's dictionaries, when there are new ones.
func (c *bodyCodec) load(ctx context.Context, q queryer) error {
	// Before schema 8 (a test's older store) there are none.
	tables, err := queryList[string](ctx, q, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'body_dicts'")
	if err != nil || len(tables) == 0 {
		return err
	}
	// The ids first: the dictionaries (64 KB each) are read only when
	// there are new ones (the index asks at every batch).
	ids, err := queryList[int64](ctx, q, "SELECT id FROM body_dicts ORDER BY id")
	if err != nil {
		return err
	}
	c.mu.RLock()
	same := slices.Equal(ids, c.ids)
	c.mu.RUnlock()
	if same || len(ids) == 0 {
		return nil
	}
	dicts, err := queryList[[]byte](ctx, q, "SELECT dict FROM body_dicts WHERE id <= ? ORDER BY id", ids[len(ids)-1])
	if err != nil {
		return err
	}
	if len(dicts) != len(ids) {
		return fmt.Errorf("body dictionaries: %d of %d read", len(dicts), len(ids))
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithLowerEncoderMem(true), zstd.WithEncoderDict(dicts[len(dicts)-1]))
	if err != nil {
		return fmt.Errorf("body dictionary %d: %w", ids[len(ids)-1], err)
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxMemory(1<<30), zstd.WithDecoderDicts(dicts...))
	if err != nil {
		return fmt.Errorf("body dictionaries: %w", err)
	}
	c.mu.Lock()
	c.ids, c.enc, c.dec = ids, enc, dec
	c.mu.Unlock()
	return nil
}

// pack is packBody with the newest dictionary.
func (c *bodyCodec) pack(s string) any {
	c.mu.RLock()
	enc := c.enc
	c.mu.RUnlock()
	if enc == nil || len(s) < packMin {
		return packBody(s)
	}
	return enc.EncodeAll([]byte(s), make([]byte, 0, len(s)/3))
}

// unpack is unpackBody knowing the dictionaries; a frame naming one not
// loaded yet (another byline trained it) loads them again.
func (s *Store) unpack(v any) (string, error) {
	b, ok := v.([]byte)
	if !ok || isFast(b) {
		return unpackBody(v)
	}
	for try := 0; ; try++ {
		s.codec.mu.RLock()
		dec := s.codec.dec
		s.codec.mu.RUnlock()
		if dec == nil {
			dec = bodyDecoder
		}
		out, err := dec.DecodeAll(b, nil)
		if errors.Is(err, zstd.ErrUnknownDictionary) && try == 0 {
			if lerr := s.codec.load(context.Background(), s.db); lerr != nil {
				return "", lerr
			}
			continue
		}
		if err != nil {
			return "", fmt.Errorf("read article body: %w", err)
		}
		return string(out), nil
	}
}

// trainDictionary trains a dictionary on a sample of the store's bodies
// when it has none and holds enough of them, and compresses every body
// again with it, a batch a transaction. It reports whether it did.
func (s *Store) trainDictionary(ctx context.Context) (bool, error) {
	var have, bodies int
	if err := s.db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM body_dicts), (SELECT count(*) FROM bodies)").Scan(&have, &bodies); err != nil {
		return false, err
	}
	if have > 0 || bodies < dictMinBodies {
		return false, nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT content FROM bodies WHERE article_id IN (SELECT article_id FROM bodies ORDER BY random() LIMIT ?)", dictSamples)
	if err != nil {
		return false, err
	}
	var samples [][]byte
	for rows.Next() {
		var v any
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return false, err
		}
		text, err := s.unpack(v)
		if err != nil {
			rows.Close()
			return false, err
		}
		if len(text) >= packMin {
			samples = append(samples, []byte(text))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	if len(samples) < dictSamples/2 {
		return false, nil
	}
	d, err := dict.BuildZstdDict(samples, dict.Options{MaxDictSize: dictMaxSize, HashBytes: 6, ZstdDictID: 1})
	if err != nil {
		return false, nil // nothing to learn from these bodies; they stay as they are
	}
	// Checked before it is kept: a dictionary that did not read back what
	// it wrote would lose bodies.
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderDict(d), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return false, nil
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderDicts(d), zstd.WithDecoderConcurrency(1))
	if err != nil {
		return false, nil
	}
	for _, sm := range samples[:min(20, len(samples))] {
		if out, err := dec.DecodeAll(enc.EncodeAll(sm, nil), nil); err != nil || !bytes.Equal(out, sm) {
			dec.Close()
			return false, nil
		}
	}
	dec.Close()
	if _, err := s.exec(ctx, "INSERT INTO body_dicts(id, dict) VALUES (1, ?)", d); err != nil {
		return false, err
	}
	if err := s.codec.load(ctx, s.db); err != nil {
		return false, err
	}
	return true, s.recompressBodies(ctx)
}

// recompressBodies compresses every body again with the newest dictionary.
func (s *Store) recompressBodies(ctx context.Context) error {
	var next int64
	for {
		tx, err := s.begin(ctx)
		if err != nil {
			return err
		}
		n, last, err := s.recompressBatch(ctx, tx.Tx, next)
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			tx.Rollback()
			return err
		}
		if n == 0 {
			return nil
		}
		next = last
	}
}

func (s *Store) recompressBatch(ctx context.Context, tx *sql.Tx, after int64) (int, int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT article_id, content, markdown, full FROM bodies WHERE article_id > ? ORDER BY article_id LIMIT ?", after, rewriteBatch)
	if err != nil {
		return 0, 0, err
	}
	type body struct {
		id   int64
		vals [3]any
	}
	var batch []body
	for rows.Next() {
		var b body
		if err := rows.Scan(&b.id, &b.vals[0], &b.vals[1], &b.vals[2]); err != nil {
			rows.Close()
			return 0, 0, err
		}
		batch = append(batch, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(batch) == 0 {
		return 0, 0, err
	}
	upd, err := tx.PrepareContext(ctx, "UPDATE bodies SET content = ?, markdown = ?, full = ? WHERE article_id = ?")
	if err != nil {
		return 0, 0, err
	}
	defer upd.Close()
	for _, b := range batch {
		var out [3]any
		for i, v := range b.vals {
			if v == nil {
				continue
			}
			text, err := s.unpack(v)
			if err != nil {
				return 0, 0, err
			}
			out[i] = s.codec.pack(text)
		}
		if _, err := upd.ExecContext(ctx, out[0], out[1], out[2], b.id); err != nil {
			return 0, 0, err
		}
	}
	return len(batch), batch[len(batch)-1].id, nil
}
