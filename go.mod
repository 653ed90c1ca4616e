module github.com/extralit/extralit-go

go 1.26
