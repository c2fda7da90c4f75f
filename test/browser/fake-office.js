/**
 * A fake Office/Excel host for tests: the globals `Office` and `Excel` with the part of the Excel
 * JavaScript API the task pane uses, over an in-memory workbook. Proxy objects queue their loads
 * and writes; `context.sync()` applies them in order, as Excel does, and counts round trips,
 * format operations and response bytes (refusing responses over Excel on the web's 5 MB).
 *
 * Plain JavaScript so it runs as the browser's office.js (served in its place by the browser test)
 * and as a Node module (adapter benchmark). Workbook JSON:
 *   { sheets: [{ name, cells: [[row, col, value, fill|null]], merges: [{top,left,bottom,right}],
 *                protected?: boolean, names?: [{ name, formula }], visibility?: 'Hidden',
 *                conditionalFormats?: [{ type, ranges, rule, fill, stopIfTrue? }] }], active?: number,
 *     settings?: { name: value } (the running add-in's), addinSettings?: { addinId: { name: value } },
 *     date1904?: boolean }
 * A fill is `#RRGGBB`, or `{ color, base, tint }` for a theme colour with a tint (`color` the colour
 * shown, `base` the theme colour). Rows and columns are 0-based.
 */
(function (root) {
  'use strict';

  const RESPONSE_LIMIT_BYTES = 5 * 1024 * 1024;

  /**
   * Office keeps settings « per add-in and per document »: each add-in Id sees its own only.
   * https://learn.microsoft.com/javascript/api/office/office.settings
   * The pane runs as the development manifest's add-in unless told otherwise (setAddinId).
   */
  const DEV_ADDIN_ID = 'c5cce923-6e75-4ac0-8662-a328e287b514';

  /**
   * Settings past about 1 MB are refused: « The argument is invalid or missing or has an incorrect
   * format » (https://github.com/OfficeDev/office-js/issues/3957; « We only support 2MB maximum for
   * settings »: https://github.com/OfficeDev/office-js/issues/621). Measured as the JSON of the
   * add-in's settings in UTF-8; the fake refuses from 1,000,000 bytes, the low end.
   */
  const SETTINGS_LIMIT_BYTES = 1000000;

  /**
   * Excel on the web fails a fill write on about 90,000 cells with « An internal error has occurred »
   * (GeneralException), not a payload code; 80,000 passed.
   * https://github.com/OfficeDev/office-js/issues/2564
   */
  const WEB_FILL_WRITE_LIMIT = 80000;

  // ------------------------------------------------------------------------------------------
  // A1 helpers

  function colLetters(col) {
    let n = col + 1;
    let out = '';
    while (n > 0) {
      const rem = (n - 1) % 26;
      out = String.fromCharCode(65 + rem) + out;
      n = Math.floor((n - 1) / 26);
    }
    return out;
  }

  function colIndex(letters) {
    let n = 0;
    for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1;
  }

  function a1(row, col) {
    return colLetters(col) + (row + 1);
  }

  function rectA1(r) {
    const start = a1(r.top, r.left);
    return r.top === r.bottom && r.left === r.right ? start : start + ':' + a1(r.bottom, r.right);
  }

  // The grid of a worksheet: 1,048,576 rows by 16,384 columns (A to XFD). An address past it is
  // not a cell: Excel refuses it as an invalid argument.
  // https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3
  const MAX_ROWS = 1048576;
  const MAX_COLS = 16384;
  // « A range is limited to 5,000,000 cells for read operations. »
  // https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins
  const READ_CELL_LIMIT = 5000000;

  function parseRect(ref) {
    const parts = ref.replace(/\$/g, '').trim().split(':');
    const p = parts.map((x) => /^([A-Za-z]{1,3})(\d{1,7})$/.exec(x.trim()));
    if (p.some((m) => !m)) throw hostError('InvalidArgument', 'Adresse invalide : ' + ref);
    const rows = p.map((m) => Number(m[2]) - 1);
    const cols = p.map((m) => colIndex(m[1]));
    if (rows.some((r) => r < 0 || r >= MAX_ROWS) || cols.some((c) => c < 0 || c >= MAX_COLS)) {
      throw hostError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
    }
    return {
      top: Math.min(...rows),
      left: Math.min(...cols),
      bottom: Math.max(...rows),
      right: Math.max(...cols),
    };
  }

  function parseAreas(address) {
    return address
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => parseRect(s.slice(s.lastIndexOf('!') + 1)));
  }

  function sheetPrefix(name) {
    return /^[A-Za-z0-9_]+$/.test(name) ? name : "'" + name.replace(/'/g, "''") + "'";
  }

  function checkRect(rect) {
    if (
      !(rect.top >= 0 && rect.left >= 0 && rect.bottom < MAX_ROWS && rect.right < MAX_COLS) ||
      rect.bottom < rect.top ||
      rect.right < rect.left
    ) {
      throw hostError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
    }
    return rect;
  }

  function cellCount(rect) {
    return (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1);
  }

  /** Reading values, texts, formats or cell properties of more than 5,000,000 cells is refused. */
  function checkReadable(rect) {
    if (cellCount(rect) > READ_CELL_LIMIT) {
      throw hostError('RangeExceedsLimit', 'The cell count in the range has exceeded the maximum supported number.');
    }
  }

  function hostError(code, message) {
    const e = new Error(message || code);
    e.name = 'RichApi.Error';
    e.code = code;
    return e;
  }

  // ------------------------------------------------------------------------------------------
  // The in-memory workbook

  function createWorkbook(json) {
    const wb = {
      sheets: [],
      activeId: null,
      selection: null,
      // Settings by add-in Id; the running add-in's Id.
      settingsById: new Map(),
      addinId: DEV_ADDIN_ID,
      handlers: { changed: [], activated: [], formatChanged: [], selectionChanged: [], workbookActivated: [] },
      // Runtime.enableEvents (ExcelApi 1.8): « Toggle JavaScript events in the current task pane or
      // content add-in »: while false, no event reaches the pane's handlers, the user's included.
      // https://learn.microsoft.com/javascript/api/excel/excel.runtime#excel-excel-runtime-enableevents-member
      eventsEnabled: true,
      // The platform (Office.context.platform): « OfficeOnline » is Excel on the web.
      platform: 'OfficeOnline',
      fillWriteLimit: WEB_FILL_WRITE_LIMIT,
      // The user is looking at another workbook (Excel keeps this one open behind it).
      otherWorkbookInFront: false,
      // The workbook's date system: serial numbers count from 1904-01-01 (Fichier > Options > Options
      // avancées). https://support.microsoft.com/office/date-systems-in-excel-e7fe7167-48a9-4b96-bb53-5612a800b487
      date1904: false,
      // Whether getCellProperties gives a tinted theme fill's colour with its tint applied (unknown:
      // documented nowhere; setTintIncluded tries both).
      tintIncluded: true,
      // The highest ExcelApi 1.x the host supports (Office.context.requirements.isSetSupported).
      apiMinor: 17,
      nextId: 1,
      stats: emptyStats(),
      responseLimit: RESPONSE_LIMIT_BYTES,
      log: [],
    };
    for (const s of (json && json.sheets) || []) addSheet(wb, s.name, s);
    // The settings a workbook file carries (its add-in settings parts, one per add-in Id), as
    // context.workbook.settings returns them to that add-in; `settings`: the running add-in's.
    for (const [id, values] of Object.entries((json && json.addinSettings) || {})) {
      wb.settingsById.set(id.toLowerCase(), new Map(Object.entries(values)));
    }
    for (const [k, v] of Object.entries((json && json.settings) || {})) settingsOf(wb).set(k, v);
    wb.date1904 = Boolean(json && json.date1904);
    if (wb.sheets.length === 0) addSheet(wb, 'Feuil1', {});
    const active = wb.sheets[(json && json.active) || 0] || wb.sheets[0];
    wb.activeId = active.id;
    wb.selection = { sheetId: active.id, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
    return wb;
  }

  /** The settings of the add-in that runs. */
  function settingsOf(wb) {
    let map = wb.settingsById.get(wb.addinId);
    if (!map) {
      map = new Map();
      wb.settingsById.set(wb.addinId, map);
    }
    return map;
  }

  function utf8Length(text) {
    return new TextEncoder().encode(text).length;
  }

  function emptyStats() {
    return { syncs: 0, formatOps: 0, valueWrites: 0, responseBytes: 0, maxResponseBytes: 0, failedSyncs: 0 };
  }

  function addSheet(wb, name, s) {
    const sheet = {
      id: '{' + String(wb.nextId++).padStart(8, '0') + '-FAKE}',
      name,
      visibility: s.visibility || 'Visible',
      protected: Boolean(s.protected),
      cells: new Map(),
      merges: (s.merges || []).map((m) => ({ ...m })),
      validations: (s.validations || []).map((v) => ({ ...v, rect: parseRect(v.address) })),
      charts: [],
      freezeRows: 0,
      columnWidths: {},
      // Sheet-scoped names (Worksheet.names): [{ name, formula }].
      names: (s.names || []).map((n) => ({ ...n })),
      // Conditional formats in priority order (the first is applied first): { type, ranges
      // (« D5:D40 F5:F40 »), rule (as the typed part's `rule` gives it), fill (#RRGGBB or null),
      // stopIfTrue }.
      conditionalFormats: (s.conditionalFormats || []).map((cf) => ({
        ...cf,
        rects: parseAreas(String(cf.ranges).trim().replace(/\s+/g, ',')),
      })),
      // Areas formatted without values (a column formatted down to row 1,048,576): part of the used
      // range unless it is asked by values only.
      formatted: (s.formatted || []).map((r) => ({ ...r })),
    };
    for (const [row, col, value, fill, numberFormat] of s.cells || []) {
      const cell = cellAt(sheet, row, col, true);
      cell.value = value === undefined ? null : value;
      if (fill && typeof fill === 'object') {
        cell.fill = String(fill.color).toUpperCase();
        cell.theme = { base: String(fill.base).toUpperCase(), tint: Number(fill.tint) };
      } else cell.fill = fill || null;
      if (numberFormat) cell.numberFormat = numberFormat;
    }
    wb.sheets.push(sheet);
    return sheet;
  }

  function key(row, col) {
    return row * 16384 + col;
  }

  function cellAt(sheet, row, col, create) {
    const k = key(row, col);
    let cell = sheet.cells.get(k);
    if (!cell && create) {
      cell = { row, col, value: null, fill: null, format: {} };
      sheet.cells.set(k, cell);
    }
    if (cell && !cell.format) cell.format = {};
    return cell;
  }

  /**
   * « The used range is the smallest range that encompasses any cells that have a value or
   * formatting assigned to them »; with valuesOnly, « only cells with values » count.
   * https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-getusedrange-member(1)
   */
  function usedRect(sheet, valuesOnly) {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    const take = (r) => {
      top = Math.min(top, r.top);
      left = Math.min(left, r.left);
      bottom = Math.max(bottom, r.bottom);
      right = Math.max(right, r.right);
    };
    for (const c of sheet.cells.values()) {
      const hasValue = c.value !== null && c.value !== '';
      const formatted = c.fill || (c.numberFormat && c.numberFormat !== 'General') || Object.keys(c.format).length > 0;
      if (hasValue || (!valuesOnly && formatted)) take({ top: c.row, left: c.col, bottom: c.row, right: c.col });
    }
    if (!valuesOnly) sheet.formatted.forEach(take);
    return bottom < 0 ? null : { top, left, bottom, right };
  }

  /**
   * The selection moves: WorksheetCollection.onSelectionChanged (ExcelApi 1.9) says where to.
   * https://learn.microsoft.com/javascript/api/excel/excel.worksheetselectionchangedeventargs
   */
  function moveSelection(wb, sheet, rect, areas) {
    const same =
      wb.selection && wb.selection.sheetId === sheet.id && rectA1(wb.selection.rect) === rectA1(rect) && areas === 1;
    wb.selection = { sheetId: sheet.id, rect, areas };
    wb.activeId = sheet.id;
    if (same || !wb.eventsEnabled) return;
    const args = { type: 'WorksheetSelectionChanged', worksheetId: sheet.id, address: rectA1(rect), source: 'Local' };
    setTimeout(() => fire(wb, 'selectionChanged', args), 0);
  }

  function forEachCell(rect, fn) {
    for (let r = rect.top; r <= rect.bottom; r++) for (let c = rect.left; c <= rect.right; c++) fn(r, c);
  }

  function findSheet(wb, by) {
    return wb.sheets.find((s) => s.name === by || s.id === by) || null;
  }

  // ------------------------------------------------------------------------------------------
  // Request context: a queue applied on sync

  function RequestContext(wb) {
    this._wb = wb;
    this._queue = [];
    this._bytes = 0;
    this._writes = new Set();
    this._formatWrites = [];
    this._fillCells = 0;
    this.workbook = workbookProxy(this);
    this.runtime = runtimeProxy(this);
  }

  /**
   * Runtime (ExcelApi 1.5); enableEvents (ExcelApi 1.8) turns this add-in's events off and on, from
   * the point of the batch where it is set.
   * https://learn.microsoft.com/javascript/api/excel/excel.runtime#excel-excel-runtime-enableevents-member
   */
  function runtimeProxy(ctx) {
    const wb = ctx._wb;
    const loaded = {};
    const proxy = {
      load() {
        ctx._enqueue(() => {
          loaded.enableEvents = ctx._respond(wb.eventsEnabled);
        });
        return proxy;
      },
    };
    Object.defineProperty(proxy, 'enableEvents', {
      get() {
        if (!('enableEvents' in loaded)) throw notLoaded('enableEvents');
        return loaded.enableEvents;
      },
      set(v) {
        ctx._enqueue(() => {
          if (wb.apiMinor < 8) throw hostError('ApiNotFound', 'The API you are trying to use could not be found.');
          wb.eventsEnabled = Boolean(v);
        });
      },
    });
    return proxy;
  }

  /** WorksheetChangedEventArgs; triggerSource only where ExcelApi 1.14 is supported. */
  function changedArgs(wb, sheetId, address, source, triggerSource) {
    const args = { type: 'WorksheetChanged', worksheetId: sheetId, address, changeType: 'RangeEdited', source };
    if (wb.apiMinor >= 14) args.triggerSource = triggerSource;
    return args;
  }

  function formatArgs(sheetId, address, source) {
    return { type: 'WorksheetFormatChanged', worksheetId: sheetId, address, source };
  }

  RequestContext.prototype.sync = function () {
    const wb = this._wb;
    const queue = this._queue;
    this._queue = [];
    this._bytes = 0;
    this._writes = new Set();
    this._fillCells = 0;
    wb.stats.syncs++;
    try {
      for (const op of queue) op();
      if (this._bytes > wb.responseLimit) {
        throw hostError(
          'ResponsePayloadSizeLimitExceeded',
          'The response payload size has exceeded the limit (' + this._bytes + ' bytes).',
        );
      }
    } catch (e) {
      wb.stats.failedSyncs++;
      // The events of what was done before the failure still come.
      this._fireLater();
      return Promise.reject(e);
    }
    wb.stats.responseBytes += this._bytes;
    wb.stats.maxResponseBytes = Math.max(wb.stats.maxResponseBytes, this._bytes);
    // The add-in's own writes raise events too: values through onChanged, which says where they
    // come from (triggerSource, ExcelApi 1.14), formats through onFormatChanged, which does not.
    // https://learn.microsoft.com/javascript/api/excel/excel.worksheetchangedeventargs#excel-excel-worksheetchangedeventargs-triggersource-member
    // https://learn.microsoft.com/javascript/api/excel/excel.worksheetformatchangedeventargs
    // Each change is recorded only while events are on (Runtime.enableEvents): see _changed.
    this._fireLater();
    return Promise.resolve();
  };

  RequestContext.prototype._fireLater = function () {
    const wb = this._wb;
    const written = [...this._writes];
    const formatted = this._formatWrites;
    this._writes = new Set();
    this._formatWrites = [];
    if (written.length > 0 || formatted.length > 0) {
      setTimeout(() => {
        for (const sheetId of written) fire(wb, 'changed', changedArgs(wb, sheetId, null, 'Local', 'ThisLocalAddin'));
        for (const { sheetId, address } of formatted) fire(wb, 'formatChanged', formatArgs(sheetId, address, 'Local'));
      }, 0);
    }
  };

  /** A change of values by the pane: an onChanged event, unless its events are off. */
  RequestContext.prototype._changed = function (sheetId) {
    if (this._wb.eventsEnabled) this._writes.add(sheetId);
  };

  /** A change of formats by the pane: an onFormatChanged event, unless its events are off. */
  RequestContext.prototype._formatChanged = function (sheetId, address) {
    if (this._wb.eventsEnabled) this._formatWrites.push({ sheetId, address });
  };

  RequestContext.prototype._enqueue = function (op) {
    this._queue.push(op);
  };

  const UTF8 = new TextEncoder();

  /** The response is counted in bytes of UTF-8, as it travels: « é » counts two. */
  RequestContext.prototype._respond = function (value) {
    this._bytes += UTF8.encode(JSON.stringify(value === undefined ? null : value)).length;
    return value;
  };

  function fire(wb, kind, args) {
    if (!wb.eventsEnabled) return;
    for (const h of wb.handlers[kind]) {
      try {
        Promise.resolve(h.fn(args)).catch(() => undefined);
      } catch {
        // handlers' own errors are theirs
      }
    }
  }

  function propList(props) {
    if (!props) return [];
    if (typeof props === 'string') return props.split(',').map((p) => p.trim());
    if (Array.isArray(props)) return props;
    return Object.keys(props);
  }

  function requireSheet(ctx, resolveSheet) {
    const sheet = resolveSheet();
    if (!sheet) throw hostError('ItemNotFound', 'The requested resource does not exist.');
    return sheet;
  }

  function requireWritable(sheet) {
    if (sheet.protected) throw hostError('AccessDenied', 'The cell or chart you are trying to change is protected.');
  }

  // ------------------------------------------------------------------------------------------
  // Proxies

  function workbookProxy(ctx) {
    const wb = ctx._wb;
    const protection = {
      protected: undefined,
      load() {
        ctx._enqueue(() => {
          protection.protected = ctx._respond(Boolean(wb.structureProtected));
        });
      },
    };
    return {
      worksheets: worksheetsProxy(ctx),
      settings: settingsProxy(ctx),
      // Workbook.onActivated (ExcelApi 1.13): the workbook is in front again.
      // https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-onactivated-member
      onActivated: eventsProxy(ctx, 'workbookActivated', 13),
      // Workbook.protection (ExcelApi 1.7): the structure's protection.
      // https://learn.microsoft.com/javascript/api/excel/excel.workbookprotection
      protection,
      // « If there are multiple ranges selected, this method will throw an error. »
      // https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-getselectedrange-member(1)
      getSelectedRange() {
        return rangeProxy(ctx, () => {
          requireFront(wb);
          if ((wb.selection.areas ?? 1) > 1) {
            throw hostError('InvalidSelection', 'The current selection is invalid for this operation.');
          }
          const sheet = findSheet(wb, wb.selection.sheetId);
          return { sheet, rect: wb.selection.rect };
        });
      },
      // The active cell: one cell, whatever the selection (ExcelApi 1.7); InvalidSelection while the
      // user views another workbook (https://github.com/OfficeDev/office-js/issues/5319).
      // https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-getactivecell-member(1)
      getActiveCell() {
        return rangeProxy(ctx, () => {
          requireFront(wb);
          const sheet = findSheet(wb, wb.selection.sheetId);
          const { top, left } = wb.selection.rect;
          return { sheet, rect: { top, left, bottom: top, right: left } };
        });
      },
    };
  }

  function worksheetsProxy(ctx) {
    const wb = ctx._wb;
    const proxy = {
      items: undefined,
      load(props) {
        const wanted = propList(props).map((p) => p.replace(/^items\//, ''));
        ctx._enqueue(() => {
          proxy.items = wb.sheets.map((s) => {
            const item = worksheetProxy(ctx, () => s);
            for (const p of wanted) item._put(p, ctx._respond(p === 'position' ? wb.sheets.indexOf(s) : s[p]));
            return item;
          });
        });
        return proxy;
      },
      getActiveWorksheet() {
        return worksheetProxy(ctx, () => findSheet(wb, wb.activeId));
      },
      getItem(name) {
        return worksheetProxy(ctx, () => findSheet(wb, name));
      },
      getItemOrNullObject(name) {
        return worksheetProxy(ctx, () => findSheet(wb, name), true);
      },
      // Excel refuses a new sheet when the workbook's structure is protected, a name already used
      // (compared without case), or a name Excel does not allow (31 characters, no \ / ? * [ ] :).
      // https://learn.microsoft.com/javascript/api/excel/excel.worksheetcollection#excel-excel-worksheetcollection-add-member(1)
      add(name) {
        let created = null;
        ctx._enqueue(() => {
          requireStructure(wb);
          checkSheetName(wb, name, null);
          created = addSheet(wb, name, {});
        });
        return worksheetProxy(ctx, () => created);
      },
      onChanged: eventsProxy(ctx, 'changed'),
      onActivated: eventsProxy(ctx, 'activated'),
      onFormatChanged: eventsProxy(ctx, 'formatChanged'),
      // WorksheetCollection.onSelectionChanged (ExcelApi 1.9).
      // https://learn.microsoft.com/javascript/api/excel/excel.worksheetcollection#excel-excel-worksheetcollection-onselectionchanged-member
      onSelectionChanged: eventsProxy(ctx, 'selectionChanged', 9),
    };
    return proxy;
  }

  /**
   * Protecting the structure of a workbook prevents « adding, moving, deleting, hiding, and
   * renaming worksheets ».
   * https://support.microsoft.com/office/protect-a-workbook-7e365a4d-3e89-4616-84ca-1931257c1517
   */
  function requireStructure(wb) {
    if (wb.structureProtected) throw hostError('AccessDenied', 'The workbook structure is protected.');
  }

  function checkSheetName(wb, name, except) {
    if (typeof name !== 'string' || name.length === 0 || name.length > 31 || /[\\/?*[\]:]/.test(name)) {
      throw hostError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
    }
    if (wb.sheets.some((s) => s !== except && s.name.toLowerCase() === name.toLowerCase())) {
      throw hostError('ItemAlreadyExists', 'A sheet with this name already exists.');
    }
  }

  function eventsProxy(ctx, kind, minor) {
    const wb = ctx._wb;
    return {
      add(fn) {
        const handler = { fn };
        ctx._enqueue(() => {
          if (minor && wb.apiMinor < minor) {
            throw hostError('ApiNotFound', 'The API you are trying to use could not be found.');
          }
          wb.handlers[kind].push(handler);
        });
        return {
          context: ctx,
          remove() {
            ctx._enqueue(() => {
              wb.handlers[kind] = wb.handlers[kind].filter((h) => h !== handler);
            });
          },
        };
      },
    };
  }

  /**
   * A name Excel accepts: a letter, « _ » or « \\ » first, then letters, digits, « _ », « . »; no
   * space; not a cell reference (« A1 », « XFD10 », « R1C1 », « R », « C »); 255 characters at most.
   * https://support.microsoft.com/office/names-in-formulas-fc2935f9-115d-4bef-a370-3aa8bb4c91f1
   */
  function validName(name) {
    if (typeof name !== 'string' || name.length === 0 || name.length > 255) return false;
    if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name)) return false;
    const ref = /^([A-Za-z]{1,3})(\d+)$/.exec(name);
    if (ref && colIndex(ref[1]) < MAX_COLS && Number(ref[2]) >= 1 && Number(ref[2]) <= MAX_ROWS) return false;
    return !/^[RrCc]$/.test(name) && !/^[Rr]\d*[Cc]\d*$/.test(name);
  }

  /**
   * NamedItem.value: « the value computed by the name's formula. For a named range, it will return
   * the range address », where NamedItem.formula is the formula itself (« Formulas always start with
   * an equal sign »): `="etat=E"` has the value `etat=E`, `=2020` the value 2020.
   * https://learn.microsoft.com/javascript/api/excel/excel.nameditem#excel-excel-nameditem-value-member
   */
  function namedValue(formula) {
    const f = String(formula).replace(/^=/, '');
    const text = /^"((?:[^"]|"")*)"$/.exec(f);
    if (text) return text[1].replace(/""/g, '"');
    if (/^-?\d+(\.\d+)?$/.test(f)) return Number(f);
    return f;
  }

  // A text constant in a formula holds 255 characters at most; a formula, 8,192.
  // https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3
  const FORMULA_TEXT_LIMIT = 255;
  const FORMULA_LIMIT = 8192;

  /**
   * The reference of NamedItemCollection.add as a formula: a range, or a string that is a formula
   * (« Formulas always start with an equal sign », NamedItem.formula). Refused otherwise, and when
   * a text constant or the formula is longer than Excel takes.
   */
  function nameFormula(reference) {
    if (reference && typeof reference === 'object' && typeof reference._address === 'function') {
      return '=' + reference._address();
    }
    const f = typeof reference === 'string' ? reference : '';
    const texts = f.match(/"(?:[^"]|"")*"/g) || [];
    const open = (f.replace(/"(?:[^"]|"")*"/g, '').match(/"/g) || []).length > 0;
    if (
      !f.startsWith('=') ||
      f.length < 2 ||
      f.length > FORMULA_LIMIT ||
      open ||
      texts.some((t) => t.slice(1, -1).replace(/""/g, '"').length > FORMULA_TEXT_LIMIT)
    ) {
      throw hostError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
    }
    return f;
  }

  /** Excel compares names without case. */
  function findName(sheet, name) {
    const key = String(name).toLowerCase();
    return sheet.names.find((n) => n.name.toLowerCase() === key) || null;
  }

  /**
   * One NamedItem of a sheet, found by name when the batch runs (getItem, getItemOrNullObject).
   * https://learn.microsoft.com/javascript/api/excel/excel.nameditemcollection#excel-excel-nameditemcollection-getitemornullobject-member(1)
   * https://learn.microsoft.com/javascript/api/excel/excel.nameditem#excel-excel-nameditem-delete-member(1)
   * Loading an item getItem does not find fails with ItemNotFound; getItemOrNullObject's sets
   * isNullObject instead. A method called on a null object is refused here (the documentation only
   * says to check isNullObject first): at least as strict as Excel.
   */
  function namedItemProxy(ctx, resolveSheet, name, orNull) {
    const find = () => {
      requireFront(ctx._wb);
      const sheet = requireSheet(ctx, resolveSheet);
      const n = findName(sheet, name);
      if (!n && !orNull) throw hostError('ItemNotFound', 'The requested resource does not exist.');
      return { sheet, n };
    };
    const proxy = {
      isNullObject: undefined,
      load(props) {
        ctx._enqueue(() => {
          const { n } = find();
          proxy.isNullObject = !n;
          if (!n) return;
          for (const p of propList(props)) {
            if (p === 'name') proxy.name = ctx._respond(n.name);
            else if (p === 'formula') proxy.formula = ctx._respond(n.formula);
            else if (p === 'value') proxy.value = ctx._respond(namedValue(n.formula));
            else if (p === 'scope') proxy.scope = ctx._respond('Worksheet');
          }
        });
        return proxy;
      },
      delete() {
        ctx._enqueue(() => {
          const { sheet, n } = find();
          if (!n) throw hostError('ItemNotFound', 'The requested resource does not exist.');
          requireWritable(sheet);
          sheet.names = sheet.names.filter((x) => x !== n);
        });
      },
    };
    return proxy;
  }

  /**
   * Worksheet.names throws InvalidSelection while the user views another workbook, whichever way the
   * sheet was reached (https://github.com/OfficeDev/office-js/issues/6365).
   */
  function requireFront(wb) {
    if (wb.otherWorkbookInFront) {
      throw hostError('InvalidSelection', 'The current selection is invalid for this operation.');
    }
  }

  /** Worksheet.names (ExcelApi 1.4): the names scoped to one sheet; they belong to it and follow it. */
  function namesProxy(ctx, resolveSheet) {
    const proxy = {
      items: undefined,
      load(props) {
        const wanted = propList(props).map((p) => p.replace(/^items\//, ''));
        ctx._enqueue(() => {
          requireFront(ctx._wb);
          const sheet = resolveSheet();
          proxy.items = sheet.names.map((n) => {
            const item = {
              delete() {
                ctx._enqueue(() => {
                  if (!sheet.names.includes(n)) {
                    throw hostError('ItemNotFound', 'The requested resource does not exist.');
                  }
                  requireWritable(sheet);
                  sheet.names = sheet.names.filter((x) => x !== n);
                });
              },
            };
            for (const p of wanted) {
              if (p === 'name') item.name = ctx._respond(n.name);
              else if (p === 'formula') item.formula = ctx._respond(n.formula);
              else if (p === 'value') item.value = ctx._respond(namedValue(n.formula));
            }
            return item;
          });
        });
        return proxy;
      },
      getItem(name) {
        return namedItemProxy(ctx, resolveSheet, name, false);
      },
      getItemOrNullObject(name) {
        return namedItemProxy(ctx, resolveSheet, name, true);
      },
      /**
       * https://learn.microsoft.com/javascript/api/excel/excel.nameditemcollection#excel-excel-nameditemcollection-add-member(1)
       * A name taken in the scope (compared without case) is refused as Excel refuses it:
       * « A resource with the same name or identifier already exists. »
       * (https://github.com/OfficeDev/office-js/issues/2875).
       */
      add(name, reference) {
        ctx._enqueue(() => {
          requireFront(ctx._wb);
          const sheet = requireSheet(ctx, resolveSheet);
          requireWritable(sheet);
          if (!validName(name)) {
            throw hostError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
          }
          if (findName(sheet, name)) {
            throw hostError('ItemAlreadyExists', 'A resource with the same name or identifier already exists.');
          }
          sheet.names.push({ name, formula: nameFormula(reference) });
        });
        return namedItemProxy(ctx, resolveSheet, name, false);
      },
    };
    return proxy;
  }

  function worksheetProxy(ctx, resolve, orNull) {
    const wb = ctx._wb;
    const loaded = {};
    const proxy = {
      isNullObject: undefined,
      _put(p, v) {
        loaded[p] = v;
      },
      load(props) {
        ctx._enqueue(() => {
          const sheet = resolve();
          if (!sheet && !orNull) throw hostError('ItemNotFound', 'The requested resource does not exist.');
          proxy.isNullObject = !sheet;
          if (!sheet) return;
          for (const p of propList(props)) {
            // Worksheet.position: the zero-based position in the workbook.
            // https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-position-member
            if (p === 'position') loaded.position = ctx._respond(wb.sheets.indexOf(sheet));
            else if (p !== 'isNullObject') loaded[p] = ctx._respond(sheet[p]);
          }
        });
        return proxy;
      },
      protection: {
        protected: undefined,
        load() {
          ctx._enqueue(() => {
            proxy.protection.protected = ctx._respond(requireSheet(ctx, resolve).protected);
          });
        },
      },
      getUsedRangeOrNullObject(valuesOnly) {
        return rangeProxy(
          ctx,
          () => {
            const sheet = requireSheet(ctx, resolve);
            const rect = usedRect(sheet, Boolean(valuesOnly));
            return rect ? { sheet, rect } : null;
          },
          true,
        );
      },
      getUsedRange(valuesOnly) {
        return rangeProxy(ctx, () => {
          const sheet = requireSheet(ctx, resolve);
          return { sheet, rect: usedRect(sheet, Boolean(valuesOnly)) || { top: 0, left: 0, bottom: 0, right: 0 } };
        });
      },
      // Without an address: the whole sheet.
      getRange(address) {
        return rangeProxy(ctx, () => ({
          sheet: requireSheet(ctx, resolve),
          rect:
            address === undefined ? { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLS - 1 } : parseRect(address),
        }));
      },
      getRangeByIndexes(row, col, rows, cols) {
        return rangeProxy(ctx, () => ({
          sheet: requireSheet(ctx, resolve),
          rect: checkRect({ top: row, left: col, bottom: row + rows - 1, right: col + cols - 1 }),
        }));
      },
      names: namesProxy(ctx, () => requireSheet(ctx, resolve)),
      getRanges(address) {
        return areasProxy(ctx, () => ({ sheet: requireSheet(ctx, resolve), rects: parseAreas(address) }));
      },
      activate() {
        ctx._enqueue(() => {
          const sheet = requireSheet(ctx, resolve);
          if (wb.activeId !== sheet.id) {
            wb.activeId = sheet.id;
            if (wb.eventsEnabled) setTimeout(() => fire(wb, 'activated', { worksheetId: sheet.id }), 0);
          }
        });
      },
      /**
       * « if the worksheet's visibility is set to "VeryHidden", the delete operation will fail with an
       * InvalidOperation exception »; a workbook keeps at least one visible sheet; a protected
       * structure refuses it.
       * https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-delete-member(1)
       */
      delete() {
        ctx._enqueue(() => {
          const sheet = requireSheet(ctx, resolve);
          requireStructure(wb);
          if (sheet.visibility === 'VeryHidden') {
            throw hostError('InvalidOperation', 'This operation is not permitted for the current object.');
          }
          if (sheet.visibility === 'Visible' && wb.sheets.filter((s) => s.visibility === 'Visible').length === 1) {
            throw hostError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
          }
          wb.sheets = wb.sheets.filter((s) => s !== sheet);
          if (wb.activeId === sheet.id) wb.activeId = wb.sheets.find((s) => s.visibility === 'Visible').id;
        });
      },
      freezePanes: {
        freezeRows(n) {
          ctx._enqueue(() => {
            requireSheet(ctx, resolve).freezeRows = n;
          });
        },
        // https://learn.microsoft.com/javascript/api/excel/excel.worksheetfreezepanes#excel-excel-worksheetfreezepanes-unfreeze-member(1)
        unfreeze() {
          ctx._enqueue(() => {
            requireSheet(ctx, resolve).freezeRows = 0;
          });
        },
      },
      charts: {
        // The charts as a collection's items; no call deletes them all: each Chart.delete().
        // https://learn.microsoft.com/javascript/api/excel/excel.chart#excel-excel-chart-delete-member(1)
        items: undefined,
        load() {
          ctx._enqueue(() => {
            const sheet = requireSheet(ctx, resolve);
            proxy.charts.items = sheet.charts.map((chart) => ({
              name: ctx._respond(chart.title),
              delete() {
                ctx._enqueue(() => {
                  requireWritable(sheet);
                  sheet.charts = sheet.charts.filter((c) => c !== chart);
                });
              },
            }));
          });
          return proxy.charts;
        },
        add(type, range, seriesBy) {
          const chart = {
            type,
            seriesBy,
            source: null,
            title: '',
            legendPosition: null,
            seriesColours: [],
            position: null,
          };
          ctx._enqueue(() => {
            const sheet = requireSheet(ctx, resolve);
            requireWritable(sheet);
            const target = range._resolve();
            // The source follows its sheet when it is renamed, as a formula does.
            Object.defineProperty(chart, 'source', {
              enumerable: true,
              get: () => sheetPrefix(target.sheet.name) + '!' + rectA1(target.rect),
            });
            Object.assign(chart, detectSeries(target.sheet, target.rect, seriesBy));
            sheet.charts.push(chart);
          });
          return chartProxy(ctx, chart);
        },
      },
    };
    // Loaded properties throw PropertyNotLoaded until a sync brings them; name, position and
    // visibility are also set (Worksheet.name, .position, .visibility).
    // https://learn.microsoft.com/javascript/api/excel/excel.worksheet
    for (const p of ['id', 'name', 'position', 'visibility', 'tabColor']) {
      Object.defineProperty(proxy, p, {
        enumerable: true,
        get() {
          if (!(p in loaded)) throw notLoaded(p);
          return loaded[p];
        },
        set(v) {
          if (p === 'id') throw new Error('fake-office: Worksheet.id is read-only');
          ctx._enqueue(() => {
            const sheet = requireSheet(ctx, resolve);
            if (p === 'name') {
              if (sheet.name === v) return;
              requireStructure(wb);
              checkSheetName(wb, v, sheet);
              sheet.name = v;
            } else if (p === 'position') {
              requireStructure(wb);
              const at = Math.max(0, Math.min(wb.sheets.length - 1, Number(v)));
              wb.sheets = wb.sheets.filter((s) => s !== sheet);
              wb.sheets.splice(at, 0, sheet);
            } else if (p === 'visibility') {
              if (!['Visible', 'Hidden', 'VeryHidden'].includes(v)) {
                throw hostError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
              }
              if (sheet.visibility === v) return;
              requireStructure(wb);
              const visible = wb.sheets.filter((s) => s.visibility === 'Visible');
              if (v !== 'Visible' && visible.length === 1 && visible[0] === sheet) {
                throw hostError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
              }
              sheet.visibility = v;
            } else sheet[p] = v;
          });
        },
      });
    }
    return proxy;
  }

  /**
   * How Excel lays out a chart from its source range: with series by columns, the first column is
   * the categories only when its cells below the header are text; numbers there (years written as
   * numbers) make it one more series. https://learn.microsoft.com/javascript/api/excel/excel.chartcollection#excel-excel-chartcollection-add-member(1)
   */
  function detectSeries(sheet, rect, seriesBy) {
    const byColumns = seriesBy !== 'Rows';
    const value = (r, c) => {
      const cell = cellAt(sheet, r, c, false);
      return cell ? cell.value : null;
    };
    const firstLine = [];
    if (byColumns) for (let r = rect.top + 1; r <= rect.bottom; r++) firstLine.push(value(r, rect.left));
    else for (let c = rect.left + 1; c <= rect.right; c++) firstLine.push(value(rect.top, c));
    const categoriesAreText = firstLine.length > 0 && firstLine.every((v) => typeof v === 'string');
    const names = [];
    if (byColumns) {
      for (let c = rect.left + (categoriesAreText ? 1 : 0); c <= rect.right; c++)
        names.push(String(value(rect.top, c) ?? ''));
    } else {
      for (let r = rect.top + (categoriesAreText ? 1 : 0); r <= rect.bottom; r++)
        names.push(String(value(r, rect.left) ?? ''));
    }
    return { seriesNames: names, categories: categoriesAreText ? firstLine : [] };
  }

  function chartProxy(ctx, chart) {
    return {
      title: {
        set text(t) {
          ctx._enqueue(() => (chart.title = t));
        },
      },
      legend: {
        set position(p) {
          ctx._enqueue(() => (chart.legendPosition = p));
        },
      },
      series: {
        getItemAt(i) {
          return {
            format: {
              fill: {
                setSolidColor(c) {
                  ctx._enqueue(() => (chart.seriesColours[i] = c));
                },
              },
            },
          };
        },
      },
      setPosition(start, end) {
        ctx._enqueue(() => (chart.position = start + ':' + end));
      },
    };
  }

  /** Format setters shared by ranges and range areas: each applied setter is one format operation. */
  function formatProxy(ctx, targets) {
    const wb = ctx._wb;
    function apply(fn) {
      ctx._enqueue(() => {
        wb.stats.formatOps++;
        for (const { sheet, rect } of targets()) {
          requireWritable(sheet);
          forEachCell(rect, (r, c) => fn(cellAt(sheet, r, c, true)));
          ctx._formatChanged(sheet.id, rectA1(rect));
        }
      });
    }
    // A fill write over too many cells in one request fails on the web (office-js #2564).
    function applyFill(fn) {
      ctx._enqueue(() => {
        const cells = targets().reduce((n, t) => n + cellCount(t.rect), 0);
        ctx._fillCells += cells;
        if (wb.platform === 'OfficeOnline' && ctx._fillCells > wb.fillWriteLimit) {
          throw hostError('GeneralException', 'An internal error has occurred.');
        }
      });
      apply((cell) => {
        delete cell.theme;
        fn(cell);
      });
    }
    const fill = {
      set color(v) {
        applyFill((cell) => (cell.fill = String(v).toUpperCase()));
      },
      clear() {
        applyFill((cell) => (cell.fill = null));
      },
    };
    const font = {};
    for (const p of ['color', 'bold', 'italic', 'size']) {
      Object.defineProperty(font, p, {
        set(v) {
          apply((cell) => (cell.format['font.' + p] = v));
        },
      });
    }
    const format = { fill, font };
    for (const p of ['wrapText', 'horizontalAlignment']) {
      Object.defineProperty(format, p, {
        set(v) {
          apply((cell) => (cell.format[p] = v));
        },
      });
    }
    Object.defineProperty(format, 'columnWidth', {
      set(v) {
        ctx._enqueue(() => {
          wb.stats.formatOps++;
          for (const { sheet, rect } of targets()) {
            for (let c = rect.left; c <= rect.right; c++) sheet.columnWidths[c] = v;
          }
        });
      },
    });
    // Edge borders draw the outline of each area only; the lines between its rows and columns are
    // the Inside* items. https://learn.microsoft.com/javascript/api/excel/excel.borderindex
    format.borders = {
      getItem(edge) {
        const onEdge = {
          EdgeTop: (rect, r) => r === rect.top,
          EdgeBottom: (rect, r) => r === rect.bottom,
          EdgeLeft: (rect, r, c) => c === rect.left,
          EdgeRight: (rect, r, c) => c === rect.right,
          InsideHorizontal: (rect, r) => r < rect.bottom,
          InsideVertical: (rect, r, c) => c < rect.right,
        }[edge];
        return {
          set style(v) {
            ctx._enqueue(() => {
              wb.stats.formatOps++;
              for (const { sheet, rect } of targets()) {
                requireWritable(sheet);
                forEachCell(rect, (r, c) => {
                  if (!onEdge || onEdge(rect, r, c)) cellAt(sheet, r, c, true).format['border.' + edge] = v;
                });
              }
            });
          },
        };
      },
    };
    return format;
  }

  // ------------------------------------------------------------------------------------------
  // Conditional formats (ExcelApi 1.6; getRanges 1.9)
  // https://learn.microsoft.com/javascript/api/excel/excel.conditionalformatcollection
  // https://learn.microsoft.com/javascript/api/excel/excel.conditionalformat

  /** The typed part each ConditionalFormatType is reached by (ConditionalFormat.textComparison…). */
  const TYPED_PART = {
    ContainsText: 'textComparison',
    CellValue: 'cellValue',
    Custom: 'custom',
    PresetCriteria: 'preset',
    TopBottom: 'topBottom',
    DataBar: 'dataBar',
    ColorScale: 'colorScale',
    IconSet: 'iconSet',
  };
  const SCALARS = ['id', 'priority', 'stopIfTrue', 'type'];

  function intersects(a, b) {
    return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
  }

  /**
   * An area as Excel writes it in addresses: whole columns as « D:D », whole rows as « 3:3 ».
   * https://learn.microsoft.com/javascript/api/excel/excel.rangeareas#excel-excel-rangeareas-address-member
   */
  function excelAreaA1(r) {
    if (r.top === 0 && r.bottom === MAX_ROWS - 1) return colLetters(r.left) + ':' + colLetters(r.right);
    if (r.left === 0 && r.right === MAX_COLS - 1) return r.top + 1 + ':' + (r.bottom + 1);
    return rectA1(r);
  }

  /** A getter that throws PropertyNotLoaded until `loaded[name]` is set by a sync. */
  function loadedProperty(target, loaded, name) {
    Object.defineProperty(target, name, {
      enumerable: true,
      get() {
        if (!(name in loaded)) throw notLoaded(name);
        return loaded[name];
      },
    });
  }

  /**
   * Range.conditionalFormats: « The collection of ConditionalFormats that intersect the range »,
   * in priority order; `priority` is the index in that collection.
   * https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-conditionalformats-member
   */
  function conditionalFormatsProxy(ctx, resolve) {
    const loaded = {};
    const formatsOf = () => {
      const { sheet, rect } = resolve();
      return sheet.conditionalFormats
        .filter((cf) => cf.rects.some((r) => intersects(r, rect)))
        .map((cf, index) => ({ sheet, cf, index }));
    };
    const proxy = {
      // load('type,priority'), load(['type']) or load({ type: true, priority: true }): the scalar
      // properties of every item. Navigation paths are not part of the fake: they throw.
      load(options) {
        const wanted = propList(options)
          .map((p) => p.replace(/^items\//, ''))
          .filter((p) => p !== '$all');
        for (const p of wanted) {
          if (!SCALARS.includes(p))
            throw new Error('fake-office: loading « ' + p + ' » on the collection is not supported');
        }
        ctx._enqueue(() => {
          loaded.items = formatsOf().map(({ sheet, cf, index }) => {
            const item = conditionalFormatProxy(ctx, sheet, cf, index);
            item._fill(wanted);
            return item;
          });
        });
        return proxy;
      },
      getCount() {
        const result = { value: undefined };
        ctx._enqueue(() => {
          result.value = ctx._respond(formatsOf().length);
        });
        return result;
      },
      // « Returns a conditional format at the given index »: ItemNotFound past the end.
      getItemAt(index) {
        let target = null;
        const item = conditionalFormatProxy(ctx, null, null, index, () => {
          if (!target) {
            target = formatsOf()[index];
            if (!target) throw hostError('ItemNotFound', 'The requested resource does not exist.');
          }
          return target;
        });
        return item;
      },
    };
    loadedProperty(proxy, loaded, 'items');
    return proxy;
  }

  function conditionalFormatProxy(ctx, sheet, cf, index, resolveLater) {
    const loaded = {};
    const target = () => (resolveLater ? resolveLater() : { sheet, cf, index });
    const proxy = {
      isNullObject: false,
      _fill(wanted) {
        const t = target();
        for (const p of wanted) {
          if (p === 'type') loaded.type = ctx._respond(t.cf.type);
          else if (p === 'priority') loaded.priority = ctx._respond(t.index);
          else if (p === 'stopIfTrue') {
            // « Value is null on data bars, icon sets, and color scales. »
            const none = ['DataBar', 'IconSet', 'ColorScale'].includes(t.cf.type);
            loaded.stopIfTrue = ctx._respond(none ? null : Boolean(t.cf.stopIfTrue));
          } else if (p === 'id') loaded.id = ctx._respond('{CF-' + t.sheet.id + '-' + t.index + '}');
        }
      },
      load(options) {
        const wanted = propList(options);
        for (const p of wanted) {
          if (!SCALARS.includes(p)) throw new Error('fake-office: loading « ' + p + ' » on a format is not supported');
        }
        ctx._enqueue(() => proxy._fill(wanted));
        return proxy;
      },
      // « Throws an error if the conditional format is applied to multiple ranges. »
      getRange() {
        return rangeProxy(ctx, () => {
          const t = target();
          if (t.cf.rects.length > 1)
            throw hostError('InvalidOperation', 'This operation is not permitted for the current object.');
          return { sheet: t.sheet, rect: t.cf.rects[0] };
        });
      },
      getRangeOrNullObject() {
        return rangeProxy(
          ctx,
          () => {
            const t = target();
            return t.cf.rects.length > 1 ? null : { sheet: t.sheet, rect: t.cf.rects[0] };
          },
          true,
        );
      },
      // « Returns the RangeAreas, comprising one or more rectangular ranges, to which the
      // conditional format is applied » (ExcelApi 1.9).
      getRanges() {
        return areasProxy(
          ctx,
          () => {
            const t = target();
            return { sheet: t.sheet, rects: t.cf.rects };
          },
          false,
          excelAreaA1,
        );
      },
    };
    loadedProperty(proxy, loaded, 'type');
    loadedProperty(proxy, loaded, 'priority');
    loadedProperty(proxy, loaded, 'stopIfTrue');
    loadedProperty(proxy, loaded, 'id');
    // The typed parts: the plain accessor of another type fails at sync (« This operation is not
    // permitted for the current object », office-js #2180); its OrNullObject twin is a null object.
    // https://github.com/OfficeDev/office-js/issues/2180
    for (const [type, part] of Object.entries(TYPED_PART)) {
      proxy[part] = typedPartProxy(ctx, () => target().cf, type, false);
      proxy[part + 'OrNullObject'] = typedPartProxy(ctx, () => target().cf, type, true);
    }
    return proxy;
  }

  /**
   * TextConditionalFormat, CellValueConditionalFormat, CustomConditionalFormat…: `rule` and
   * `format.fill.color` (ConditionalRangeFill.color, #RRGGBB; null when the format sets no fill).
   * https://learn.microsoft.com/javascript/api/excel/excel.conditionalrangefill#excel-excel-conditionalrangefill-color-member
   */
  function typedPartProxy(ctx, resolveCf, type, orNull) {
    const loaded = {};
    const fillLoaded = {};
    function check() {
      const cf = resolveCf();
      // A test control: a format Excel fails to describe (office-js #6827, #6835).
      if (cf.unreadable) throw hostError('GeneralException', 'An internal error has occurred.');
      if (cf.type === type) return cf;
      if (orNull) return null;
      throw hostError('InvalidOperation', 'This operation is not permitted for the current object.');
    }
    // Loading the part or its fill: checked at sync time, each wanted property read from the format.
    function enqueueLoad(options, read) {
      const wanted = propList(options);
      ctx._enqueue(() => {
        const cf = check();
        part.isNullObject = !cf;
        if (!cf) return;
        for (const p of wanted) read(cf, p);
      });
    }
    const fill = {
      load(options) {
        enqueueLoad(options, (cf, p) => {
          if (p !== 'color') throw new Error('fake-office: ConditionalRangeFill.' + p + ' is not supported');
          fillLoaded.color = ctx._respond(cf.fill || null);
        });
        return fill;
      },
    };
    loadedProperty(fill, fillLoaded, 'color');
    const part = {
      isNullObject: undefined,
      load(options) {
        enqueueLoad(options, (cf, p) => {
          if (p === 'rule') loaded.rule = ctx._respond(cf.rule ? { ...cf.rule } : null);
          else if (p === 'format/fill/color') fillLoaded.color = ctx._respond(cf.fill || null);
          else throw new Error('fake-office: loading « ' + p + ' » on a ' + type + ' format is not supported');
        });
        return part;
      },
      format: { fill },
    };
    loadedProperty(part, loaded, 'rule');
    return part;
  }

  function rangeProxy(ctx, resolve, orNull) {
    const wb = ctx._wb;
    const proxy = {
      isNullObject: undefined,
      _resolve() {
        const t = resolve();
        if (!t) throw hostError('ItemNotFound', 'The requested resource does not exist.');
        return t;
      },
      load(props) {
        ctx._enqueue(() => {
          const t = resolve();
          if (!t && !orNull) throw hostError('ItemNotFound', 'The requested resource does not exist.');
          proxy.isNullObject = !t;
          if (!t) return;
          const { sheet, rect } = t;
          for (const p of propList(props)) {
            if (p === 'address') proxy.address = ctx._respond(sheetPrefix(sheet.name) + '!' + rectA1(rect));
            else if (p === 'values') {
              checkReadable(rect);
              proxy._values = ctx._respond(valuesOf(sheet, rect));
            } else if (p === 'numberFormat') {
              checkReadable(rect);
              proxy._numberFormat = ctx._respond(numberFormatsOf(sheet, rect));
            } else if (p === 'text') {
              checkReadable(rect);
              proxy._text = ctx._respond(textsOf(wb, sheet, rect));
            } else if (p === 'rowIndex') proxy.rowIndex = ctx._respond(rect.top);
            else if (p === 'columnIndex') proxy.columnIndex = ctx._respond(rect.left);
            else if (p === 'rowCount') proxy.rowCount = ctx._respond(rect.bottom - rect.top + 1);
            else if (p === 'columnCount') proxy.columnCount = ctx._respond(rect.right - rect.left + 1);
          }
        });
        return proxy;
      },
      /**
       * A cell without fill comes back as white, its pattern not saying « None »: only tintAndShade,
       * null for no fill and a number for a fill, tells them apart (office-js #4900, #6218).
       * https://github.com/OfficeDev/office-js/issues/4900 https://github.com/OfficeDev/office-js/issues/6218
       */
      getCellProperties(options) {
        const result = { value: undefined };
        const wanted = (options && options.format && options.format.fill) || {};
        ctx._enqueue(() => {
          const { sheet, rect } = proxy._resolve();
          checkReadable(rect);
          const rows = [];
          for (let r = rect.top; r <= rect.bottom; r++) {
            const row = [];
            for (let c = rect.left; c <= rect.right; c++) {
              const cell = cellAt(sheet, r, c, false);
              const fill = cell && cell.fill;
              const theme = cell && cell.theme;
              const out = {};
              // A theme colour with a tint: its colour with or without the tint (documented nowhere).
              if (wanted.color) out.color = theme && !wb.tintIncluded ? theme.base : fill || '#FFFFFF';
              if (wanted.pattern) out.pattern = fill ? 'Solid' : null;
              if (wanted.tintAndShade) out.tintAndShade = fill ? (theme ? theme.tint : 0) : null;
              row.push({ format: { fill: out } });
            }
            rows.push(row);
          }
          result.value = ctx._respond(rows);
        });
        return result;
      },
      _address() {
        const { sheet, rect } = proxy._resolve();
        return sheetPrefix(sheet.name) + '!' + rectA1(rect);
      },
      // Range.clear(applyTo): « All » (the default) empties values and formats, « Contents » the
      // values only, « Formats » the formats only. Merged areas are left to Range.unmerge.
      // https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-clear-member(1)
      clear(applyTo) {
        ctx._enqueue(() => {
          const { sheet, rect } = proxy._resolve();
          requireWritable(sheet);
          const how = applyTo || 'All';
          for (const [k, cell] of [...sheet.cells]) {
            if (cell.row < rect.top || cell.row > rect.bottom || cell.col < rect.left || cell.col > rect.right)
              continue;
            if (how === 'All' || how === 'Contents') cell.value = null;
            if (how === 'All' || how === 'Formats') {
              cell.fill = null;
              cell.format = {};
              delete cell.numberFormat;
            }
            if (cell.value === null && !cell.fill && !cell.numberFormat && Object.keys(cell.format).length === 0) {
              sheet.cells.delete(k);
            }
          }
          if (how === 'All' || how === 'Formats') {
            sheet.formatted = sheet.formatted.filter(
              (f) => f.top < rect.top || f.bottom > rect.bottom || f.left < rect.left || f.right > rect.right,
            );
          }
          ctx._changed(sheet.id);
        });
      },
      // Range.unmerge: every merged area that meets the range is split.
      // https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-unmerge-member(1)
      unmerge() {
        ctx._enqueue(() => {
          const { sheet, rect } = proxy._resolve();
          requireWritable(sheet);
          sheet.merges = sheet.merges.filter(
            (m) => m.bottom < rect.top || m.top > rect.bottom || m.right < rect.left || m.left > rect.right,
          );
        });
      },
      getMergedAreasOrNullObject() {
        return areasProxy(
          ctx,
          () => {
            const { sheet, rect } = proxy._resolve();
            const inside = sheet.merges.filter(
              (m) => m.top >= rect.top && m.top <= rect.bottom && m.left >= rect.left && m.left <= rect.right,
            );
            if (inside.length > 512) throw hostError('GeneralException', 'More than 512 merged areas.');
            return inside.length === 0 ? null : { sheet, rects: inside };
          },
          true,
        );
      },
      getCell(r, c) {
        return rangeProxy(ctx, () => {
          const t = proxy._resolve();
          return {
            sheet: t.sheet,
            rect: { top: t.rect.top + r, left: t.rect.left + c, bottom: t.rect.top + r, right: t.rect.left + c },
          };
        });
      },
      select() {
        ctx._enqueue(() => {
          const { sheet, rect } = proxy._resolve();
          moveSelection(wb, sheet, rect, 1);
        });
      },
      merge() {
        ctx._enqueue(() => {
          const { sheet, rect } = proxy._resolve();
          requireWritable(sheet);
          sheet.merges.push({ ...rect });
          wb.stats.formatOps++;
        });
      },
      format: formatProxy(ctx, () => [proxy._resolve()]),
      dataValidation: validationProxy(ctx, () => proxy._resolve()),
      conditionalFormats: conditionalFormatsProxy(ctx, () => proxy._resolve()),
    };
    // Range.numberFormat: a 2D array, or one code for every cell. « @ » (text) keeps what is written
    // as text. https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-numberformat-member
    Object.defineProperty(proxy, 'numberFormat', {
      get() {
        if (proxy._numberFormat === undefined) throw notLoaded('numberFormat');
        return proxy._numberFormat;
      },
      set(v) {
        ctx._enqueue(() => {
          const { sheet, rect } = proxy._resolve();
          requireWritable(sheet);
          forEachCell(rect, (r, c) => {
            cellAt(sheet, r, c, true).numberFormat = Array.isArray(v) ? v[r - rect.top][c - rect.left] : v;
          });
        });
      },
    });
    // Range.text: « Text values of the specified range », as the cells show them.
    // https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-text-member
    Object.defineProperty(proxy, 'text', {
      get() {
        if (proxy._text === undefined) throw notLoaded('text');
        return proxy._text;
      },
    });
    Object.defineProperty(proxy, 'values', {
      get() {
        if (proxy._values === undefined) throw notLoaded('values');
        return proxy._values;
      },
      set(v) {
        ctx._enqueue(() => {
          const { sheet, rect } = proxy._resolve();
          requireWritable(sheet);
          wb.stats.valueWrites++;
          forEachCell(rect, (r, c) => {
            const cell = cellAt(sheet, r, c, true);
            cell.value = parsedValue(v[r - rect.top][c - rect.left], cell.numberFormat);
          });
          ctx._changed(sheet.id);
        });
      },
    });
    return proxy;
  }

  /**
   * What Excel stores for a value written through Range.values: a string that starts with « = »,
   * « + » or « - » is taken as a formula (here, one that fails: #NAME?), a string that reads as a
   * number becomes that number, unless the cell's number format is text (« @ »).
   * https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-values-member
   */
  function parsedValue(value, numberFormat) {
    if (value === '' || value === null || value === undefined) return null;
    if (typeof value !== 'string' || numberFormat === '@') return value;
    if (/^[=+-]/.test(value) && value.length > 1) return '#NAME?';
    const trimmed = value.trim();
    if (/^[-+]?(\d+([.,]\d*)?|[.,]\d+)(e[-+]?\d+)?$/i.test(trimmed)) return Number(trimmed.replace(',', '.'));
    return value;
  }

  /** A property read before it was loaded and synced: office.js throws PropertyNotLoaded. */
  function notLoaded(property) {
    return hostError(
      'PropertyNotLoaded',
      "The property '" +
        property +
        '\' is not available. Before reading the property\'s value, call the load method on the containing object and call "context.sync()" on the associated request context.',
    );
  }

  function numberFormatsOf(sheet, rect) {
    const rows = [];
    for (let r = rect.top; r <= rect.bottom; r++) {
      const row = [];
      for (let c = rect.left; c <= rect.right; c++) {
        const cell = cellAt(sheet, r, c, false);
        row.push((cell && cell.numberFormat) || 'General');
      }
      rows.push(row);
    }
    return rows;
  }

  const DAY_MS = 86400000;

  /**
   * A serial number as a date of the workbook's date system: days from 1899-12-30 in the 1900
   * system (which counts a 29/02/1900: serials under 61 are one day off), from 1904-01-01 in the
   * 1904 one. https://support.microsoft.com/office/date-systems-in-excel-e7fe7167-48a9-4b96-bb53-5612a800b487
   */
  function serialDate(serial, date1904) {
    const day = Math.floor(serial);
    if (date1904) return new Date(Date.UTC(1904, 0, 1) + day * DAY_MS);
    return new Date(Date.UTC(1899, 11, day < 61 ? 31 : 30) + day * DAY_MS);
  }

  function isDateFormat(format) {
    const f = String(format || '')
      .replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '')
      .toLowerCase();
    return /[dy]/.test(f) || /(^|[^h:])m+([^:s]|$)/.test(f);
  }

  /** A cell's text as Excel shows it: dates by their format's d, m, y codes in the workbook's date system. */
  function cellText(value, numberFormat, date1904) {
    if (value === null || value === undefined || value === '') return '';
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value !== 'number' || !isDateFormat(numberFormat)) return String(value);
    const d = serialDate(value, date1904);
    const pad = (n) => String(n).padStart(2, '0');
    return String(numberFormat)
      .replace(/\[[^\]]*\]/g, '')
      .replace(/"([^"]*)"/g, '$1')
      .replace(/yyyy|yy|dd|d|mm|m/gi, (t) => {
        const k = t.toLowerCase();
        if (k === 'yyyy') return String(d.getUTCFullYear());
        if (k === 'yy') return pad(d.getUTCFullYear() % 100);
        if (k === 'dd') return pad(d.getUTCDate());
        if (k === 'd') return String(d.getUTCDate());
        if (k === 'mm') return pad(d.getUTCMonth() + 1);
        return String(d.getUTCMonth() + 1);
      });
  }

  function textsOf(wb, sheet, rect) {
    const rows = [];
    for (let r = rect.top; r <= rect.bottom; r++) {
      const row = [];
      for (let c = rect.left; c <= rect.right; c++) {
        const cell = cellAt(sheet, r, c, false);
        row.push(cell ? cellText(cell.value, cell.numberFormat, wb.date1904) : '');
      }
      rows.push(row);
    }
    return rows;
  }

  function valuesOf(sheet, rect) {
    const rows = [];
    for (let r = rect.top; r <= rect.bottom; r++) {
      const row = [];
      for (let c = rect.left; c <= rect.right; c++) {
        const cell = cellAt(sheet, r, c, false);
        row.push(cell && cell.value !== null && cell.value !== undefined ? cell.value : '');
      }
      rows.push(row);
    }
    return rows;
  }

  function areasProxy(ctx, resolve, orNull, areaA1) {
    const a1Of = areaA1 || rectA1;
    const proxy = {
      isNullObject: undefined,
      load(props) {
        ctx._enqueue(() => {
          const t = resolve();
          if (!t && !orNull) throw hostError('ItemNotFound', 'The requested resource does not exist.');
          proxy.isNullObject = !t;
          if (!t) return;
          for (const p of propList(props)) {
            if (p === 'address') {
              proxy.address = ctx._respond(t.rects.map((r) => sheetPrefix(t.sheet.name) + '!' + a1Of(r)).join(', '));
            } else if (p === 'areaCount') proxy.areaCount = ctx._respond(t.rects.length);
          }
        });
        return proxy;
      },
      format: formatProxy(ctx, () => {
        const t = resolve();
        if (!t) throw hostError('ItemNotFound', 'The requested resource does not exist.');
        return t.rects.map((rect) => ({ sheet: t.sheet, rect }));
      }),
    };
    return proxy;
  }

  /** The parts of `rect` outside `cut` (at most four rectangles). */
  function subtract(rect, cut) {
    if (cut.bottom < rect.top || cut.top > rect.bottom || cut.right < rect.left || cut.left > rect.right) return [rect];
    const out = [];
    if (rect.top < cut.top) out.push({ ...rect, bottom: cut.top - 1 });
    if (rect.bottom > cut.bottom) out.push({ ...rect, top: cut.bottom + 1 });
    const top = Math.max(rect.top, cut.top);
    const bottom = Math.min(rect.bottom, cut.bottom);
    if (rect.left < cut.left) out.push({ top, bottom, left: rect.left, right: cut.left - 1 });
    if (rect.right > cut.right) out.push({ top, bottom, left: cut.right + 1, right: rect.right });
    return out;
  }

  /**
   * Range.dataValidation. clear(): « If the two ranges aren't an exact match, only overlapping
   * cells are cleared »: a rule over a larger range keeps the cells outside.
   * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-data-validation
   */
  function validationProxy(ctx, resolve) {
    function update(fn) {
      ctx._enqueue(() => {
        const { sheet, rect } = resolve();
        requireWritable(sheet);
        const address = rectA1(rect);
        let v = sheet.validations.find((x) => x.address === address);
        if (!v) {
          v = { address, rect: { ...rect } };
          sheet.validations.push(v);
        }
        fn(v);
      });
    }
    return {
      clear() {
        ctx._enqueue(() => {
          const { sheet, rect } = resolve();
          requireWritable(sheet);
          sheet.validations = sheet.validations.flatMap((v) =>
            subtract(v.rect, rect).map((part) => ({ ...v, rect: part, address: rectA1(part) })),
          );
        });
      },
      set rule(r) {
        update((v) => (v.rule = r));
      },
      set errorAlert(a) {
        update((v) => (v.errorAlert = a));
      },
      set prompt(p) {
        update((v) => (v.prompt = p));
      },
      set ignoreBlanks(b) {
        update((v) => (v.ignoreBlanks = b));
      },
    };
  }

  /**
   * Workbook.settings (ExcelApi 1.4), the running add-in's only. A setting's value is stored as JSON,
   * as Office stores it; the add-in's settings past SETTINGS_LIMIT_BYTES are refused.
   * https://learn.microsoft.com/javascript/api/excel/excel.settingcollection
   */
  function settingsProxy(ctx) {
    const wb = ctx._wb;
    function settingProxy(k, orNull) {
      const proxy = {
        isNullObject: undefined,
        key: k,
        value: undefined,
        load() {
          ctx._enqueue(() => {
            const settings = settingsOf(wb);
            const has = settings.has(k);
            if (!has && !orNull) throw hostError('ItemNotFound', 'The requested resource does not exist.');
            proxy.isNullObject = !has;
            proxy.value = has ? ctx._respond(settings.get(k)) : null;
          });
          return proxy;
        },
        delete() {
          ctx._enqueue(() => {
            if (!settingsOf(wb).has(k)) throw hostError('ItemNotFound', 'The requested resource does not exist.');
            settingsOf(wb).delete(k);
          });
        },
      };
      return proxy;
    }
    const collection = {
      items: undefined,
      // load('items'), load('items/key,items/value'), load(): every setting of the add-in.
      load() {
        ctx._enqueue(() => {
          collection.items = [...settingsOf(wb)].map(([k, v]) => {
            const item = settingProxy(k, false);
            item.isNullObject = false;
            item.value = ctx._respond(v);
            ctx._respond(k);
            return item;
          });
        });
        return collection;
      },
      getItem: (k) => settingProxy(k, false),
      getItemOrNullObject: (k) => settingProxy(k, true),
      add(k, value) {
        ctx._enqueue(() => {
          if (typeof k !== 'string' || k.length === 0) {
            throw hostError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
          }
          const settings = settingsOf(wb);
          const next = new Map(settings);
          next.set(k, JSON.parse(JSON.stringify(value)));
          if (utf8Length(JSON.stringify(Object.fromEntries(next))) > SETTINGS_LIMIT_BYTES) {
            throw hostError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
          }
          settings.set(k, next.get(k));
        });
        return settingProxy(k, false);
      },
    };
    return collection;
  }

  // ------------------------------------------------------------------------------------------
  // Globals

  function install(target, json) {
    let wb = createWorkbook(json);
    let Office = null;
    const Excel = {
      run(a, b) {
        const batch = typeof a === 'function' ? a : b;
        const ctx = typeof a === 'function' ? new RequestContext(wb) : a;
        return Promise.resolve().then(() => batch(ctx));
      },
      RequestContext,
      ErrorCodes: {
        accessDenied: 'AccessDenied',
        generalException: 'GeneralException',
        inactiveWorkbook: 'InactiveWorkbook',
        invalidSelection: 'InvalidSelection',
        itemNotFound: 'ItemNotFound',
        responsePayloadSizeLimitExceeded: 'ResponsePayloadSizeLimitExceeded',
      },
    };
    Office = {
      HostType: { Excel: 'Excel' },
      PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac' },
      context: {
        platform: 'OfficeOnline',
        requirements: {
          isSetSupported: (name, version) => {
            if (name !== 'ExcelApi') return false;
            const [major, minor] = String(version || '1.1')
              .split('.')
              .map(Number);
            return major === 1 && (minor || 0) <= wb.apiMinor;
          },
        },
        diagnostics: { host: 'Excel', platform: 'OfficeOnline', version: 'fake' },
      },
      onReady(cb) {
        const info = { host: 'Excel', platform: 'OfficeOnline' };
        if (cb) setTimeout(() => cb(info), 0);
        return Promise.resolve(info);
      },
    };
    /** Test controls: the sheet as data, counters, and a user's edit (fires onChanged). */
    const FakeExcel = {
      reset(json2) {
        wb = createWorkbook(json2);
      },
      stats: () => ({ ...wb.stats }),
      resetStats() {
        wb.stats = emptyStats();
      },
      setResponseLimit(bytes) {
        wb.responseLimit = bytes;
      },
      sheetNames: () => wb.sheets.map((s) => s.name),
      activate(name) {
        wb.activeId = findSheet(wb, name).id;
      },
      select(name, address) {
        const sheet = findSheet(wb, name);
        // « A1,C3:D4 »: a selection of several areas; the active cell is in the first.
        const areas = address.split(',').map((a) => parseRect(a.trim()));
        moveSelection(wb, sheet, areas[0], areas.length);
      },
      /**
       * A state picked from a cell's dropdown (a list data validation): the value changes, but on
       * Excel on the web no onChanged event comes (https://github.com/OfficeDev/office-js/issues/3888,
       * https://github.com/OfficeDev/office-js/issues/4066); elsewhere it is an edit like any other.
       */
      userPick(name, address, value) {
        const sheet = findSheet(wb, name);
        const p = parseRect(address);
        cellAt(sheet, p.top, p.left, true).value = value;
        const listed = sheet.validations.some(
          (v) =>
            v.rule &&
            v.rule.list &&
            p.top >= v.rect.top &&
            p.top <= v.rect.bottom &&
            p.left >= v.rect.left &&
            p.left <= v.rect.right,
        );
        if (listed && wb.platform === 'OfficeOnline') return;
        const args = changedArgs(wb, sheet.id, address, 'Local', 'Unknown');
        setTimeout(() => fire(wb, 'changed', args), 0);
      },
      /** The platform (Office.context.platform): « OfficeOnline » (the default), « PC », « Mac ». */
      setPlatform(platform) {
        wb.platform = platform;
        Office.context.platform = platform;
        Office.context.diagnostics.platform = platform;
      },
      /** Cells a fill write may touch in one request on the web (default 80,000, office-js #2564). */
      setFillWriteLimit(cells) {
        wb.fillWriteLimit = cells;
      },
      /** The user views another workbook (true), then comes back to this one (false: Workbook.onActivated). */
      setOtherWorkbookInFront(value) {
        wb.otherWorkbookInFront = Boolean(value);
        if (!value) {
          const args = { type: 'WorkbookActivated' };
          setTimeout(() => fire(wb, 'workbookActivated', args), 0);
        }
      },
      /** Whether a tinted theme fill's colour comes with its tint applied (getCellProperties). */
      setTintIncluded(value) {
        wb.tintIncluded = Boolean(value);
      },
      /** Runtime.enableEvents as the pane left it. */
      eventsEnabled: () => wb.eventsEnabled,
      /** The user hides a sheet (Masquer) or shows it again. */
      setVisibility(name, visibility) {
        findSheet(wb, name).visibility = visibility;
      },
      /**
       * The user inserts `count` rows above row `row` (1-based, as Excel numbers them): the cells, their
       * fills and merges below move down, as Excel moves them.
       */
      insertRows(name, row, count) {
        const sheet = findSheet(wb, name);
        const top = row - 1;
        const moved = new Map();
        for (const cell of sheet.cells.values()) {
          if (cell.row >= top) cell.row += count;
          moved.set(key(cell.row, cell.col), cell);
        }
        sheet.cells = moved;
        for (const m of sheet.merges) {
          if (m.top >= top) {
            m.top += count;
            m.bottom += count;
          } else if (m.bottom >= top) m.bottom += count;
        }
        const args = changedArgs(
          wb,
          sheet.id,
          rectA1({ top, left: 0, bottom: top + count - 1, right: MAX_COLS - 1 }),
          'Local',
          'Unknown',
        );
        setTimeout(() => fire(wb, 'changed', args), 0);
      },
      selection() {
        const sheet = findSheet(wb, wb.selection.sheetId);
        return { sheet: sheet.name, address: rectA1(wb.selection.rect) };
      },
      activeSheet: () => findSheet(wb, wb.activeId).name,
      setProtected(name, value) {
        findSheet(wb, name).protected = value;
      },
      setStructureProtected(value) {
        wb.structureProtected = value;
      },
      cell(name, address) {
        const p = parseRect(address);
        const cell = cellAt(findSheet(wb, name), p.top, p.left, false);
        return cell
          ? { value: cell.value, fill: cell.fill, format: { ...cell.format } }
          : { value: null, fill: null, format: {} };
      },
      fills(name) {
        const out = {};
        for (const c of findSheet(wb, name).cells.values()) if (c.fill) out[a1(c.row, c.col)] = c.fill;
        return out;
      },
      sheet(name) {
        const s = findSheet(wb, name);
        return {
          name: s.name,
          validations: s.validations.map((v) => ({
            address: v.address,
            rule: v.rule,
            errorAlert: v.errorAlert,
            prompt: v.prompt,
          })),
          charts: s.charts.map((c) => ({ ...c })),
          merges: s.merges.map((m) => ({ ...m })),
          freezeRows: s.freezeRows,
        };
      },
      /** The running add-in's settings. */
      settings: () => Object.fromEntries(settingsOf(wb)),
      /** The settings of the add-in of `id`, as the file keeps them. */
      settingsOf: (id) => Object.fromEntries(wb.settingsById.get(String(id).toLowerCase()) || []),
      /** The add-in that runs (its manifest's Id): it sees its own settings only. */
      setAddinId(id) {
        wb.addinId = String(id).toLowerCase();
      },
      /** A value typed by the user (source « Local »), or by a coauthor (« Remote »). */
      userEdit(name, address, value, source) {
        const sheet = findSheet(wb, name);
        const p = parseRect(address);
        cellAt(sheet, p.top, p.left, true).value = value;
        setTimeout(() => fire(wb, 'changed', changedArgs(wb, sheet.id, address, source || 'Local', 'Unknown')), 0);
      },
      /** A fill painted by the user: Excel raises onFormatChanged, not onChanged. */
      userFill(name, address, colour) {
        const sheet = findSheet(wb, name);
        const p = parseRect(address);
        forEachCell(p, (r, c) => (cellAt(sheet, r, c, true).fill = colour ? String(colour).toUpperCase() : null));
        setTimeout(() => fire(wb, 'formatChanged', formatArgs(sheet.id, address, 'Local')), 0);
      },
      /** The highest ExcelApi 1.x the host supports (triggerSource needs 1.14, onFormatChanged 1.9). */
      setApiVersion(minor) {
        wb.apiMinor = minor;
      },
      /** A sheet-scoped name as Excel would have saved it (Formules > Gestionnaire de noms). */
      addName(sheetName, name, formula) {
        findSheet(wb, sheetName).names.push({ name, formula });
      },
      names: (sheetName) => findSheet(wb, sheetName).names.map((n) => ({ ...n })),
      sheetPosition: (sheetName) => wb.sheets.indexOf(findSheet(wb, sheetName)),
      /** The user renames a sheet (its id and its own names stay). */
      rename(oldName, newName) {
        findSheet(wb, oldName).name = newName;
      },
      /** Every non-empty cell of a sheet: { A1: value }. */
      values(sheetName) {
        const out = {};
        for (const c of findSheet(wb, sheetName).cells.values()) if (c.value !== null) out[a1(c.row, c.col)] = c.value;
        return out;
      },
      handlerCount: () => wb.handlers.changed.length + wb.handlers.activated.length + wb.handlers.formatChanged.length,
    };
    target.Excel = Excel;
    target.Office = Office;
    target.FakeExcel = FakeExcel;
    return FakeExcel;
  }

  const api = { install, createWorkbook };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (root && root.__FAKE_WORKBOOK__) install(root, root.__FAKE_WORKBOOK__);
})(typeof globalThis !== 'undefined' ? globalThis : this);
