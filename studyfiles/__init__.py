"""Study files: the JSON study format in and out, study templates and the demo study."""
