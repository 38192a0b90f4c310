-- copydesk for nvim-lspconfig users, and for Neovim 0.7-0.10 without it.
--
-- With nvim-lspconfig:
--
--   require('copydesk').setup_lspconfig({ settings = { ... } })
--
-- Without (Neovim 0.7+):
--
--   require('copydesk').setup({ cmd = { '/path/to/copydesk', 'serve' } })
--
-- Put editors/neovim on 'runtimepath' first, or copy this file to
-- ~/.config/nvim/lua/copydesk.lua. See editors/neovim/README.md.

local M = {}

M.default_config = {
  name = 'copydesk',
  cmd = { 'copydesk', 'serve' },
  filetypes = { 'markdown', 'text' },
  root_markers = { '.copydesk.toml', '.git' },
  settings = { copydesk = vim.empty_dict() },
}

local function merged(opts)
  return vim.tbl_deep_extend('force', vim.deepcopy(M.default_config), opts or {})
end

local function find_root(fname, markers)
  local dir = vim.fn.fnamemodify(fname, ':p:h')
  for _, marker in ipairs(markers) do
    local found = vim.fn.findfile(marker, dir .. ';')
    if found == '' then
      found = vim.fn.finddir(marker, dir .. ';')
    end
    if found ~= '' then
      return (vim.fn.fnamemodify(found, ':p:h'):gsub('/%.git/?$', ''))
    end
  end
  return dir
end

--- Register copydesk with nvim-lspconfig and set it up.
function M.setup_lspconfig(opts)
  local config = merged(opts)
  local lspconfig = require('lspconfig')
  local configs = require('lspconfig.configs')
  if not configs.copydesk then
    configs.copydesk = {
      default_config = {
        cmd = config.cmd,
        filetypes = config.filetypes,
        root_dir = function(fname)
          return lspconfig.util.root_pattern(unpack(config.root_markers))(fname)
            or vim.fn.fnamemodify(fname, ':p:h')
        end,
        single_file_support = true,
        settings = config.settings,
      },
      docs = { description = 'copydesk: newsroom copy editing (names, datelines, bylines, quotes).' },
    }
  end
  local setup = vim.deepcopy(opts or {})
  setup.root_markers = nil
  lspconfig.copydesk.setup(setup)
end

-- Client ids by root, for Neovim 0.7, which has no vim.lsp.start.
local started = {}

--- Start copydesk for markdown and text buffers without nvim-lspconfig.
--- Any other field of `opts` (handlers, on_attach, capabilities...) is
--- passed on to the client. Works on Neovim 0.7 and later.
function M.setup(opts)
  local config = merged(opts)
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('copydesk', { clear = true }),
    pattern = config.filetypes,
    callback = function(args)
      if vim.fn.executable(config.cmd[1]) ~= 1 then
        vim.notify_once(
          'copydesk: "' .. config.cmd[1] .. '" not found; install it (cargo install --path .) or set cmd',
          vim.log.levels.ERROR
        )
        return
      end
      local client_config = vim.deepcopy(config)
      client_config.filetypes = nil
      client_config.root_markers = nil
      client_config.root_dir = find_root(vim.api.nvim_buf_get_name(args.buf), config.root_markers)
      -- Send the settings once the server is up (what nvim-lspconfig does;
      -- Neovim before 0.10 does not do it by itself).
      local user_on_init = config.on_init
      client_config.on_init = function(client, result)
        if next(client.config.settings or {}) ~= nil then
          client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
        end
        if user_on_init then
          return user_on_init(client, result)
        end
      end
      if vim.lsp.start then
        vim.lsp.start(client_config, { bufnr = args.buf })
        return
      end
      local id = started[client_config.root_dir]
      if id == nil or vim.lsp.get_client_by_id(id) == nil then
        id = vim.lsp.start_client(client_config)
        started[client_config.root_dir] = id
      end
      if id then
        vim.lsp.buf_attach_client(args.buf, id)
      end
    end,
  })
end

--- Apply every safe copydesk fix in the current buffer.
function M.fix_all()
  vim.lsp.buf.code_action({
    context = { only = { 'source.fixAll.copydesk' }, diagnostics = {} },
    apply = true,
  })
end

return M
