import click


@click.group()
def calendar():
    """工作日历。"""
