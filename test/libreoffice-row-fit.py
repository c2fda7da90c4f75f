"""For test/row-heights.test.ts: opens workbooks in LibreOffice Calc (headless, through UNO) and
prints, for each sheet and row, the height the file gives the row and the height LibreOffice finds
optimal for its text (OptimalHeight), both in 1/100 mm, as JSON:
{ file: { sheet: [[given, optimal], ...] } }.

    /usr/bin/python3 test/libreoffice-row-fit.py FILE... (needs Debian's python3-uno)
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    for _ in range(600):
        try:
            return resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe)
        except Exception:
            time.sleep(0.1)
    raise RuntimeError('LibreOffice did not answer on pipe ' + pipe)


def rows_of(doc):
    sheets = {}
    for sheet in doc.Sheets:
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        rows = []
        for r in range(cursor.RangeAddress.EndRow + 1):
            row = sheet.Rows.getByIndex(r)
            given = row.Height
            row.OptimalHeight = True
            rows.append([given, row.Height])
        sheets[sheet.Name] = rows
    return sheets


def main(paths):
    profile = tempfile.mkdtemp(prefix='cls-lo-fit-')
    pipe = 'clsfit%d' % os.getpid()
    office = subprocess.Popen(
        ['soffice', '--headless', '--norestore', '--nologo', '--nodefault',
         '-env:UserInstallation=file://' + profile, '--accept=pipe,name=%s;urp;' % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        context = connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', context)
        out = {}
        for path in paths:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            doc = desktop.loadComponentFromURL(url, '_blank', 0, (prop('Hidden', True),))
            out[path] = rows_of(doc)
            doc.close(True)
        json.dump(out, sys.stdout)
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


main(sys.argv[1:])
