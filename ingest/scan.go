package ingest

// A tiny splitter for JSON that encoding/json has already declared valid: it finds the members of an object and
// the elements of an array without decoding them. Decoding every event into a map[string]json.RawMessage (and
// every batch into a []json.RawMessage) through reflection cost about five times the time of the checks
// themselves; splitting by hand after one json.Valid pass keeps the API fast without a third-party decoder.
// Every function here is safe on any input (it never indexes out of range and always moves forward); it
// only gives meaningful answers on valid JSON, which is all it is given.

// forEachMember calls fn with the raw key (a string literal, quotes included) and raw value of each member of
// the object obj, which starts with '{', in order.
func forEachMember(obj []byte, fn func(key, value []byte)) {
	i := 1
	for {
		i = skipSpace(obj, i)
		if i >= len(obj) || obj[i] != '"' {
			return
		}
		keyEnd := stringEnd(obj, i)
		key := obj[i:keyEnd]
		i = skipSpace(obj, keyEnd)
		if i >= len(obj) || obj[i] != ':' {
			return
		}
		i = skipSpace(obj, i+1)
		if i >= len(obj) {
			return
		}
		end := valueEnd(obj, i)
		fn(key, obj[i:end])
		i = skipSpace(obj, end)
		if i >= len(obj) || obj[i] != ',' {
			return
		}
		i++
	}
}

// forEachElement calls fn with the raw value of each element of the array arr, which starts with '[', in order.
func forEachElement(arr []byte, fn func(value []byte)) {
	i := 1
	for {
		i = skipSpace(arr, i)
		if i >= len(arr) || arr[i] == ']' {
			return
		}
		end := valueEnd(arr, i)
		fn(arr[i:end])
		i = skipSpace(arr, end)
		if i >= len(arr) || arr[i] != ',' {
			return
		}
		i++
	}
}

// valueEnd returns the index just past the value that starts at b[i]; it is always > i.
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	default: // number, true, false or null
		j := i + 1
		for j < len(b) && !isJSONSpace(b[j]) && b[j] != ',' && b[j] != '}' && b[j] != ']' {
			j++
		}
		return j
	}
}

// stringEnd returns the index just past the string literal whose opening quote is at b[i].
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isJSONSpace(b[i]) {
		i++
	}
	return i
}
