/** Pure grid operations: building the tree and answering scope questions from node paths. */
import type { GridNode, GridTreeNode } from '../../typings/grid';

/** Assemble the nested tree from flat nodes (any order). */
export function assembleTree(nodes: readonly GridNode[]): GridTreeNode {
  const byId = new Map<string, GridTreeNode>();
  const sorted = [...nodes].sort((a, b) => a.path.length - b.path.length || a.order - b.order);
  let root: GridTreeNode | undefined;
  for (const node of sorted) {
    const treeNode: GridTreeNode = { _id: node._id, name: node.name, level: node.level, children: [] };
    if (node.generatedName) treeNode.generatedName = true;
    byId.set(node._id, treeNode);
    if (node.parentId === null) root = treeNode;
    else byId.get(node.parentId)?.children.push(treeNode);
  }
  if (!root) throw new Error('grid has no root');
  return root;
}

/** True when `node` is `scope` itself or lies below it. */
export function isWithin(nodePath: readonly string[], scopeId: string): boolean {
  return nodePath.includes(scopeId);
}
