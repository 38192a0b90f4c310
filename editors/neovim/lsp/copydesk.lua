-- copydesk language server for Neovim 0.11+.
--
-- Put this folder on 'runtimepath' (or copy this file to
-- ~/.config/nvim/lsp/copydesk.lua), then:
--
--   vim.lsp.enable('copydesk')
--
-- Override any field with vim.lsp.config('copydesk', { ... }).
-- See editors/neovim/README.md.

---@type vim.lsp.Config
return {
  cmd = { 'copydesk', 'serve' },
  filetypes = { 'markdown', 'text' },
  -- A story is checked on its own when no marker is found.
  root_markers = { '.copydesk.toml', '.git' },
  -- Same keys as .copydesk.toml: rules, names, style, house, e.g.
  --   copydesk = { rules = { ['style.okay'] = 'off' }, house = { agency = 'AP' } }
  -- Left empty, the project's .copydesk.toml (or the built-in AP style)
  -- decides. (vim.empty_dict() so it goes out as {} and not [].)
  settings = {
    copydesk = vim.empty_dict(),
  },
}
