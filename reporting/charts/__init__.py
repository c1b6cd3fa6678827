"""The Altair specs of the report's charts, by subject: each function takes its query's rows."""
