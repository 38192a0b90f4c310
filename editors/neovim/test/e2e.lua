-- Headless end-to-end test: Neovim talking to `copydesk serve`.
--
-- Starts the server the way editors/neovim/README.md says (Neovim 0.11+:
-- vim.lsp.enable with lsp/copydesk.lua; older: lua/copydesk.lua's setup()
-- with the command and settings of lsp/copydesk.lua), opens a
-- story with names the authority spells differently ("Kiev",
-- "Joanna Kakisis"), waits for copydesk's diagnostics, applies the quick
-- fix for "Kiev" through a code action, checks the buffer, then applies
-- "fix all" (source.fixAll.copydesk) and checks again.
--
-- Uses only APIs that exist in Neovim 0.7 (Debian 12's): vim.lsp.start_client,
-- vim.lsp.buf_attach_client, vim.lsp.buf_request_sync, vim.diagnostic,
-- vim.lsp.util.apply_workspace_edit.
--
-- Run (tests/editors/neovim_e2e.sh does this):
--   COPYDESK_BIN=target/debug/copydesk \
--     nvim --headless -u NONE -i NONE --noplugin -c 'luafile editors/neovim/test/e2e.lua'
-- Exits 0 on success; on failure prints "FAIL: ..." and exits 1.

local bin = os.getenv('COPYDESK_BIN') or 'copydesk'
local timeout = tonumber(os.getenv('COPYDESK_E2E_TIMEOUT_MS') or '') or 20000
local verbose = os.getenv('COPYDESK_E2E_VERBOSE') == '1'

local function say(msg)
  io.stderr:write(msg .. '\n')
  io.stderr:flush()
end

local function trace(msg)
  if verbose then
    say('  ' .. msg)
  end
end

-- Errors raised with this table carry a message meant for the user.
local Failure = {}
local function fail(msg)
  error(setmetatable({ msg = msg }, Failure), 0)
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
end

-- The story. The emoji before "Kiev" on the same line makes the server's
-- UTF-16 columns differ from byte and code point columns, so a position
-- conversion bug moves the fix off the word and the test fails.
local STORY = {
  '# Water returns to parts of Kiev after strikes',
  '',
  'By Jane Doe',
  '',
  'Residents 🇺🇦 of Kiev lined up for water on Tuesday, the city council said.',
  '',
  '"We fill every bottle we have," said Olena Petrenko, a teacher.',
  '',
  'Joanna Kakisis contributed to this report.',
}

local function buf_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), '\n')
end

local function count(haystack, needle)
  local n, from = 0, 1
  while true do
    local s, e = haystack:find(needle, from, true)
    if not s then
      return n
    end
    n, from = n + 1, e + 1
  end
end

-- Byte column of an LSP position's character on `line`.
local function byte_col(line, character, encoding)
  if encoding == 'utf-8' then
    return character
  end
  local ok, col
  if vim.fn.has('nvim-0.11') == 1 then
    ok, col = pcall(vim.str_byteindex, line, encoding, character)
  else
    ok, col = pcall(vim.str_byteindex, line, character, encoding == 'utf-16')
  end
  check(ok, ('position character %d is past the end of line %q (%s)'):format(character, line, encoding))
  return col
end

-- The buffer text an LSP range covers (single-line ranges only).
local function range_text(bufnr, range, encoding)
  check(range.start.line == range['end'].line, 'expected a one-line range, got ' .. vim.inspect(range))
  local line = vim.api.nvim_buf_get_lines(bufnr, range.start.line, range.start.line + 1, true)[1]
  local s = byte_col(line, range.start.character, encoding)
  local e = byte_col(line, range['end'].character, encoding)
  return line:sub(s + 1, e)
end

-- The shipped Neovim 0.11 config (editors/neovim/lsp/copydesk.lua): the
-- test starts the server the way it says, with the binary swapped in.
local here = debug.getinfo(1, 'S').source:gsub('^@', '')
local neovim_dir = vim.fn.fnamemodify(here, ':p:h:h')
local shipped = dofile(neovim_dir .. '/lsp/copydesk.lua')

local function run()
  check(vim.fn.executable(bin) == 1, 'copydesk binary not found or not executable: ' .. bin)
  check(shipped.cmd[1] == 'copydesk' and shipped.cmd[2] == 'serve', 'lsp/copydesk.lua: unexpected cmd ' .. vim.inspect(shipped.cmd))
  check(vim.tbl_contains(shipped.filetypes, 'markdown') and vim.tbl_contains(shipped.filetypes, 'text'),
    'lsp/copydesk.lua: filetypes should include markdown and text')
  local cmd = vim.deepcopy(shipped.cmd)
  cmd[1] = bin
  say('neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. ', server: ' .. bin)

  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local path = dir .. '/story.md'
  vim.fn.writefile(STORY, path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)

  -- Keep the raw LSP diagnostics (the server's fixes ride in `data`) and
  -- hand them on to Neovim's own handler.
  local published = {}
  local publishes = 0
  local exited = nil

  local function wait(what, cond, detail)
    local ok = vim.wait(timeout, function()
      return exited ~= nil or cond()
    end, 20)
    if exited then
      fail(('copydesk serve exited (code %s, signal %s) while waiting for %s'):format(
        tostring(exited.code),
        tostring(exited.signal),
        what
      ))
    end
    check(ok, ('timed out after %d ms waiting for %s%s'):format(timeout, what, detail and ('; ' .. detail()) or ''))
  end

  local handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result and result.uri == uri then
        published = result.diagnostics
        publishes = publishes + 1
        trace(('publish #%d: version %s, %d diagnostics'):format(
          publishes,
          tostring(result.version),
          #result.diagnostics
        ))
      end
      return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  }
  local function on_exit(code, signal)
    exited = { code = code, signal = signal }
  end
  -- The shipped settings plus one rule severity, to see settings arrive.
  local settings = vim.tbl_deep_extend('force', shipped.settings, {
    copydesk = { rules = { ['names.authority'] = 'warning' } },
  })

  vim.opt.runtimepath:append(neovim_dir)
  if vim.lsp.config and vim.lsp.enable then
    -- Neovim 0.11+: the README's way, lsp/copydesk.lua found on the
    -- runtime path, with the binary and settings overridden.
    say('starting copydesk with vim.lsp.enable (lsp/copydesk.lua)')
    vim.lsp.config('copydesk', { cmd = cmd, settings = settings, handlers = handlers, on_exit = on_exit })
    vim.lsp.enable('copydesk')
  else
    -- Older Neovim: lua/copydesk.lua's setup() (a FileType autocmd).
    say("starting copydesk with require('copydesk').setup()")
    package.loaded['copydesk'] = nil
    require('copydesk').setup({ cmd = cmd, settings = settings, handlers = handlers, on_exit = on_exit })
  end
  vim.bo[bufnr].filetype = 'markdown' -- fires FileType, which starts and attaches

  -- Clients are listed once initialized (Neovim 0.7 keeps starting ones
  -- apart), so finding ours also waits for `initialize`.
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  local client_id
  wait('copydesk to start for the markdown buffer', function()
    for _, c in ipairs(get_clients()) do
      if c.name == 'copydesk' and c.initialized then
        client_id = c.id
        return true
      end
    end
    return false
  end)
  local client = vim.lsp.get_client_by_id(client_id)
  check(vim.lsp.buf_is_attached(bufnr, client_id), 'copydesk is running but not attached to the story buffer')

  local encoding = client.offset_encoding or 'utf-16'
  say('initialized; position encoding ' .. encoding)
  check(client.server_capabilities.codeActionProvider, 'server does not advertise codeActionProvider')

  -- 1. Diagnostics arrive, and one of them sits exactly on "Kiev" in the body.
  -- The published diagnostic whose range covers exactly `word` (on
  -- 0-based `line`, if given). Multi-line and stale ranges never match.
  local function find_diag(word, line)
    for _, d in ipairs(published) do
      if (line == nil or d.range.start.line == line) and d.range.start.line == d.range['end'].line then
        local ok, text = pcall(range_text, bufnr, d.range, encoding)
        if ok and text == word then
          return d
        end
      end
    end
  end

  local function seen()
    local parts = {}
    for _, d in ipairs(published) do
      local ok, text = pcall(range_text, bufnr, d.range, encoding)
      table.insert(parts, ('%s at %d:%d-%d:%d covering %q'):format(
        tostring(d.code), d.range.start.line + 1, d.range.start.character,
        d.range['end'].line + 1, d.range['end'].character, ok and text or '?'))
    end
    return ('%d publishes, last had %d diagnostics: %s'):format(publishes, #published, table.concat(parts, '; '))
  end

  wait('a diagnostic on "Kiev" (line 5)', function()
    return find_diag('Kiev', 4) ~= nil
  end, seen)
  local kiev = find_diag('Kiev', 4)
  say(('diagnostic: %s [%s] %q'):format(tostring(kiev.code), tostring(kiev.source), kiev.message))
  check(kiev.source == 'copydesk', 'diagnostic source is ' .. tostring(kiev.source) .. ', expected copydesk')
  check(type(kiev.code) == 'string' and kiev.code:sub(1, 6) == 'names.', 'expected a names.* rule, got ' .. tostring(kiev.code))
  check(kiev.message:find('Kyiv', 1, true), 'message does not mention Kyiv: ' .. kiev.message)
  -- names.authority is an error by default; the settings made it a warning.
  wait('the settings (names.authority = warning) to take effect', function()
    local d = find_diag('Kiev', 4)
    return d ~= nil and d.severity == 2
  end, seen)
  kiev = find_diag('Kiev', 4)
  check(find_diag('Joanna Kakisis') or find_diag('Kakisis'), 'no diagnostic on "Joanna Kakisis"; got ' .. vim.inspect(published))
  local nvim_diags = vim.diagnostic.get(bufnr)
  check(#nvim_diags >= 2, ('vim.diagnostic has %d diagnostics for the buffer, expected copydesk\'s'):format(#nvim_diags))

  -- 2. The quick fix for "Kiev", through textDocument/codeAction.
  local function code_actions(range, diagnostics, only)
    local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
      textDocument = { uri = uri },
      range = range,
      context = { diagnostics = diagnostics, only = only },
    }, timeout)
    check(responses ~= nil, 'textDocument/codeAction failed: ' .. tostring(err))
    local response = responses[client_id]
    check(response ~= nil, 'no codeAction response from copydesk')
    check(response.err == nil, 'codeAction error: ' .. vim.inspect(response.err))
    return response.result or {}
  end

  -- Client methods are called with `:` from 0.11 on, with `.` before.
  local function request_sync(method, params)
    if vim.fn.has('nvim-0.11') == 1 then
      return client:request_sync(method, params, timeout, bufnr)
    end
    return client.request_sync(method, params, timeout, bufnr)
  end

  local function apply(action)
    if action.edit == nil and action.command == nil then
      local resolved = request_sync('codeAction/resolve', action)
      check(resolved and resolved.err == nil and resolved.result, 'codeAction/resolve failed: ' .. vim.inspect(resolved))
      action = resolved.result
    end
    check(action.edit ~= nil or action.command ~= nil, 'code action has neither edit nor command: ' .. vim.inspect(action))
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, encoding)
    end
    if action.command then
      local command = type(action.command) == 'table' and action.command or action
      local r = request_sync('workspace/executeCommand', {
        command = command.command,
        arguments = command.arguments,
      })
      check(r and r.err == nil, 'workspace/executeCommand failed: ' .. vim.inspect(r))
    end
  end

  local actions = code_actions(kiev.range, { kiev }, nil)
  local titles = {}
  local quickfix
  for _, a in ipairs(actions) do
    table.insert(titles, ('%s (%s)'):format(a.title, tostring(a.kind)))
    if quickfix == nil and a.title:find('Kyiv', 1, true) and (a.kind == nil or a.kind:sub(1, 8) == 'quickfix') then
      quickfix = a
    end
  end
  trace('code actions: ' .. table.concat(titles, '; '))
  check(quickfix ~= nil, 'no quick fix mentioning Kyiv among code actions: ' .. vim.inspect(titles))
  say('applying: ' .. quickfix.title)

  local before = buf_text(bufnr)
  local publishes_before = publishes
  apply(quickfix)
  local after = buf_text(bufnr)
  check(after ~= before, 'the quick fix did not change the buffer (stale version?)')
  local line5 = vim.api.nvim_buf_get_lines(bufnr, 4, 5, true)[1]
  check(
    line5 == 'Residents 🇺🇦 of Kyiv lined up for water on Tuesday, the city council said.',
    'line 5 after the quick fix is wrong: ' .. line5
  )
  check(count(after, 'Kiev') == count(before, 'Kiev') - 1, 'the quick fix changed more than the one "Kiev"')
  say('quick fix applied: ' .. line5)

  -- The server re-checks the edited story: the fixed word is clean.
  wait('diagnostics for the edited story', function()
    return publishes > publishes_before and find_diag('Kyiv', 4) == nil and find_diag('Kiev', 4) == nil
  end, seen)

  -- 3. Fix all: the remaining "Kiev" (headline) and "Joanna Kakisis".
  if vim.fn.has('nvim-0.8') == 1 then
    -- The README's fix-all mapping (vim.lsp.buf.code_action with apply).
    say("applying fix all with require('copydesk').fix_all()")
    local before_fix_all = buf_text(bufnr)
    require('copydesk').fix_all()
    wait('fix all to change the buffer', function()
      return buf_text(bufnr) ~= before_fix_all
    end)
  else
    local last = vim.api.nvim_buf_line_count(bufnr) - 1
    local whole = {
      start = { line = 0, character = 0 },
      ['end'] = { line = last, character = #vim.api.nvim_buf_get_lines(bufnr, last, last + 1, true)[1] },
    }
    local fix_all
    for _, a in ipairs(code_actions(whole, published, { 'source.fixAll.copydesk' })) do
      if a.kind == 'source.fixAll.copydesk' then
        fix_all = a
      end
    end
    check(fix_all ~= nil, 'no source.fixAll.copydesk action for the whole story')
    say('applying: ' .. fix_all.title)
    apply(fix_all)
  end
  local fixed = buf_text(bufnr)
  check(count(fixed, 'Kiev') == 0, 'fix all left "Kiev" in the story:\n' .. fixed)
  check(count(fixed, 'Kakisis') == 0, 'fix all left "Kakisis" in the story:\n' .. fixed)
  check(
    vim.api.nvim_buf_get_lines(bufnr, 0, 1, true)[1] == '# Water returns to parts of Kyiv after strikes',
    'headline after fix all: ' .. vim.api.nvim_buf_get_lines(bufnr, 0, 1, true)[1]
  )
  check(
    vim.api.nvim_buf_get_lines(bufnr, 8, 9, true)[1] == 'Joanna Kakissis contributed to this report.',
    'credit line after fix all: ' .. vim.api.nvim_buf_get_lines(bufnr, 8, 9, true)[1]
  )
  say('fix all applied')

  if vim.fn.has('nvim-0.11') == 1 then
    client:stop()
  else
    vim.lsp.stop_client(client_id)
  end
  vim.wait(2000, function()
    return exited ~= nil
  end, 20)
  vim.fn.delete(dir, 'rf')
end

local ok, err = xpcall(run, function(e)
  if getmetatable(e) == Failure then
    return e.msg
  end
  return 'Lua error: ' .. debug.traceback(tostring(e), 2)
end)
if ok then
  say('PASS: neovim e2e (diagnostics, quick fix, fix all)')
  vim.cmd('qall!')
else
  say('FAIL: ' .. tostring(err))
  vim.cmd('cquit 1')
end
