// Package extralit is the domain of the Extralit server: its entities, their
// validation rules, the few kinds of error every layer speaks, and the
// interfaces that the storage backends implement. It imports nothing else of
// this module, so every other package can depend on it.
package extralit
