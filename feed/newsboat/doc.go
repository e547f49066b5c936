// Package newsboat reads what newsboat and nom keep: newsboat's urls file
// (feeds, tags, titles, query feeds in newsboat's filter language), its
// cache.db (articles with read state and flags), opened read-only, and
// nom's YAML config. It also says where each program keeps its files.
//
// It knows nothing of the store, the engines or the UI, and must not
// import them; bringing what it reads into byline is the engines' job
// (library).
package newsboat
