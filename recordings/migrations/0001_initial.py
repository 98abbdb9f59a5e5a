"""The recordings app takes over the models made in sessions (0002_recordings): only Django's
state is created here, on the tables that already exist, and the content types move along so
that permissions granted on them stay."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import recordings.models

MODELS = ["recording", "speaker", "transcriptsegment"]


def content_types_follow(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label="recordings", model=model).exists():
            content_type.objects.filter(app_label="focus_sessions", model=model).update(
                app_label="recordings"
            )


def content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label="focus_sessions", model=model).exists():
            content_type.objects.filter(app_label="recordings", model=model).update(
                app_label="focus_sessions"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("focus_sessions", "0002_recordings"),
        ("statements", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Recording',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=300, upload_to=recordings.models.recording_upload_to)),
                        ('original_name', models.CharField(max_length=255)),
                        ('size', models.PositiveBigIntegerField(default=0)),
                        ('content_type', models.CharField(blank=True, max_length=100)),
                        ('codec', models.CharField(blank=True, max_length=40)),
                        ('duration', models.FloatField(blank=True, null=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('processing', 'Processing'), ('done', 'Transcribed'), ('failed', 'Failed')], default='queued', max_length=16)),
                        ('stage', models.CharField(blank=True, max_length=40)),
                        ('progress', models.FloatField(default=0)),
                        ('error', models.TextField(blank=True)),
                        ('engine', models.CharField(blank=True, max_length=20)),
                        ('run_id', models.UUIDField(default=uuid.uuid4)),
                        ('transcript_run_id', models.UUIDField(blank=True, null=True)),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True)),
                        ('transcribed_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recordings', to='focus_sessions.session')),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'focus_sessions_recording',
                        'ordering': ['session', 'created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Speaker',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('label', models.CharField(max_length=60)),
                        ('is_moderator', models.BooleanField(default=False)),
                        ('participant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='focus_sessions.participant')),
                        ('recording', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='speakers', to='recordings.recording')),
                    ],
                    options={
                        'db_table': 'focus_sessions_speaker',
                        'ordering': ['recording', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='TranscriptSegment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('index', models.PositiveIntegerField()),
                        ('start', models.FloatField()),
                        ('end', models.FloatField()),
                        ('text', models.TextField()),
                        ('original_text', models.TextField()),
                        ('words', models.JSONField(blank=True, default=list)),
                        ('step', models.CharField(blank=True, max_length=16)),
                        ('edited_at', models.DateTimeField(blank=True, null=True)),
                        ('recording', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='segments', to='recordings.recording')),
                        ('speaker', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='segments', to='recordings.speaker')),
                        ('statement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='statements.statement')),
                    ],
                    options={
                        'db_table': 'focus_sessions_transcriptsegment',
                        'ordering': ['recording', 'index'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='recording',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'processing', 'done', 'failed'])), name='recording_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='recording',
                    constraint=models.CheckConstraint(condition=models.Q(('progress__gte', 0), ('progress__lte', 1)), name='recording_progress_range'),
                ),
                migrations.AddConstraint(
                    model_name='speaker',
                    constraint=models.UniqueConstraint(fields=('recording', 'label'), name='speaker_label_unique'),
                ),
                migrations.AddConstraint(
                    model_name='speaker',
                    constraint=models.CheckConstraint(condition=models.Q(('label', ''), _negated=True), name='speaker_label_not_empty'),
                ),
                migrations.AddConstraint(
                    model_name='speaker',
                    constraint=models.CheckConstraint(condition=models.Q(('is_moderator', True), ('participant__isnull', False), _negated=True), name='speaker_participant_or_moderator'),
                ),
                migrations.AddIndex(
                    model_name='transcriptsegment',
                    index=models.Index(fields=['statement', 'recording'], name='focus_sessi_stateme_023554_idx'),
                ),
                migrations.AddConstraint(
                    model_name='transcriptsegment',
                    constraint=models.UniqueConstraint(fields=('recording', 'index'), name='segment_index_unique'),
                ),
                migrations.AddConstraint(
                    model_name='transcriptsegment',
                    constraint=models.CheckConstraint(condition=models.Q(('start__gte', 0)), name='segment_start_positive'),
                ),
                migrations.AddConstraint(
                    model_name='transcriptsegment',
                    constraint=models.CheckConstraint(condition=models.Q(('end__gte', models.F('start'))), name='segment_end_after_start'),
                ),
    
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_back),
    ]
