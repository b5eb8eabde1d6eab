import click


@click.group("import")
def import_group():
    """批量导入。"""
