"""Team work without SQL or Qt: assignment, merging, agreement, reliability, adjudication."""
