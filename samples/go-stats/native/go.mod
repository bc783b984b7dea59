module boundaryanalyzers.dev/samples/stats

go 1.21

require boundaryanalyzers.dev/boundary v0.0.0

replace boundaryanalyzers.dev/boundary => ../../../src/native/go/boundary
