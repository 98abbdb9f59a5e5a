"""Offline speech-to-text: PyAV decoding, voice-activity detection and pluggable engines.

Nothing here touches the database: the pipeline is shared by the Celery task, the `transcribe`
management command and the benchmark.
"""
