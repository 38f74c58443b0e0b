// local/layers: layering as an allow-list (DESIGN.md §2, after VS Code's
// code-layering rule). Each layer names what it may import; everything else is
// refused. A deny-list (no-restricted-imports) only stops the holes someone
// thought of, and it matches the import text, so '../../session/api.ts' slips past
// a pattern written for another depth. This rule resolves every relative import to
// the file it reaches and asks which layer that file is in.
//
// No installed plugin does this (eslint-plugin-import / -boundaries are not
// dependencies, and no-restricted-imports cannot resolve paths), hence a local rule.
//
// Options: { root, layers, layered }
//   root     absolute path the `files` patterns are relative to (the repo root)
//   layers   { id: { files, may, node, electron, packages } }; the first layer whose
//            pattern matches a file owns it. Patterns: 'dir/**' (anything below),
//            'dir/*' (files directly in dir), or one exact file.
//            may: layer ids it may import (itself always), or '*' for any file.
//            node / electron: Node built-ins / `electron` allowed (default no).
//            packages: true (any npm package), or the package names allowed.
//   layered  folders whose every file must be in some layer, so a new folder
//            cannot sit outside the table unchecked.
// Type-only imports count the same: layering is about what a layer knows, not
// what ends up in a bundle.
import { builtinModules } from 'node:module';
import path from 'node:path';

const builtins = new Set(builtinModules);

function matches(pattern, file) {
  if (pattern.endsWith('/**')) return file.startsWith(pattern.slice(0, -2));
  if (pattern.endsWith('/*')) {
    const dir = pattern.slice(0, -1);
    return file.startsWith(dir) && !file.slice(dir.length).includes('/');
  }
  return file === pattern;
}

/** What an import specifier reaches: a repo file (posix path from root), or a module kind. */
function classify(specifier, fromFile, root) {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const target = path.resolve(path.dirname(fromFile), specifier);
    return { kind: 'file', file: path.relative(root, target).split(path.sep).join('/') };
  }
  if (specifier.startsWith('node:') || builtins.has(specifier)) return { kind: 'node' };
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  return name === 'electron' ? { kind: 'electron' } : { kind: 'package', name };
}

function describeAllowed(layer) {
  const parts = ['itself', ...(layer.may === '*' ? ['any file'] : layer.may)];
  if (layer.node) parts.push('Node built-ins');
  if (layer.packages === true) parts.push('npm packages');
  else if (layer.packages?.length) parts.push(...layer.packages);
  if (layer.electron) parts.push('electron');
  return parts.join(', ');
}

const layerSchema = {
  type: 'object',
  properties: {
    files: { type: 'array', items: { type: 'string' }, minItems: 1 },
    may: { anyOf: [{ const: '*' }, { type: 'array', items: { type: 'string' } }] },
    node: { type: 'boolean' },
    electron: { type: 'boolean' },
    packages: { anyOf: [{ type: 'boolean' }, { type: 'array', items: { type: 'string' } }] },
  },
  required: ['files', 'may'],
  additionalProperties: false,
};

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what its entry in the layer table allows (docs/architecture.md §1).' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: { type: 'object', additionalProperties: layerSchema },
          layered: { type: 'array', items: { type: 'string' } },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      refused: "{{layer}} may import only {{allowed}}: '{{specifier}}' is {{what}}.",
      unlayered: '{{file}} is in no layer: add its folder to the layer table (eslint.config.js, docs/architecture.md §1).',
    },
  },
  create(context) {
    const { root, layers, layered = [] } = context.options[0];
    const entries = Object.entries(layers);
    for (const [id, layer] of entries) {
      for (const other of layer.may === '*' ? [] : layer.may) {
        if (!layers[other]) throw new Error(`local/layers: layer '${id}' may import unknown layer '${other}'`);
      }
    }
    const layerOf = (file) => entries.find(([, layer]) => layer.files.some((p) => matches(p, file)))?.[0];

    const filename = context.physicalFilename;
    const file = path.relative(root, filename).split(path.sep).join('/');
    const id = layerOf(file);
    if (!id) {
      if (!layered.some((dir) => file.startsWith(dir.endsWith('/') ? dir : `${dir}/`))) return {};
      return { Program: (node) => context.report({ node, messageId: 'unlayered', data: { file } }) };
    }
    const layer = layers[id];

    function check(node, source) {
      if (typeof source?.value !== 'string') return; // import(expr): not statically known
      const specifier = source.value;
      const target = classify(specifier, filename, root);
      let what;
      if (target.kind === 'file') {
        const targetId = layerOf(target.file);
        if (layer.may === '*' || targetId === id || (targetId && layer.may.includes(targetId))) return;
        what = targetId ? `in layer ${targetId}` : `${target.file}, in no layer`;
      } else if (target.kind === 'node') {
        if (layer.node) return;
        what = 'a Node built-in';
      } else if (target.kind === 'electron') {
        if (layer.electron) return;
        what = 'electron';
      } else {
        if (layer.packages === true || layer.packages?.includes(target.name)) return;
        what = `the npm package ${target.name}`;
      }
      context.report({ node, messageId: 'refused', data: { layer: id, allowed: describeAllowed(layer), specifier, what } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression),
      // `typeof import('…')` in a type position
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
    };
  },
};
