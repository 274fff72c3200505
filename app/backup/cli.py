"""`flask backup create [--output PATH] [--keep N]` and `flask backup restore ARCHIVE`.
Both exit non-zero with a one-line reason when they refuse or fail."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from .archive import BackupError, create, human, restore

group = AppGroup("backup", help="Back up and restore the database and the media files.")


@group.command("create")
@click.option("--output", "output", metavar="PATH",
              help="Folder for the archive (default BACKUP_DIR), or a file name ending in .tar.gz.")
@click.option("--keep", type=click.IntRange(min=1), metavar="N",
              help="Then delete all but the N newest backups in that folder.")
def create_command(output, keep):
    """Write the database and every media file into one .tar.gz with a manifest."""
    try:
        report = create(output, keep)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    _echo_contents(report)
    click.echo(f"Backup written: {report.archive} ({human(report.archive_bytes)}) "
               f"in {report.seconds:.1f} s")
    for path in report.removed:
        click.echo(f"Removed old backup: {path}")


@group.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False))
def restore_command(archive):
    """Fill an empty database and an empty media folder from ARCHIVE, after checking
    every checksum."""
    try:
        report = restore(archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    _echo_contents(report)
    click.echo(f"Restored from {report.archive} ({human(report.archive_bytes)}) "
               f"in {report.seconds:.1f} s. Next: `flask db upgrade`, then start the service.")


def _echo_contents(report) -> None:
    """What an archive holds, the same words after a backup and after a restore."""
    click.echo(f"Database ({report.database_kind}, migration {report.migration_head}): "
               f"{human(report.database_bytes)}")
    click.echo(f"Media: {report.media_files} files, {human(report.media_bytes)}")
