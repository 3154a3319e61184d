"""The longest chain of items found in order: how a table of contents or a source's text is
matched against the pages of a document when some items match in several places."""


def longest_chain(places: list[list[int]], count: int) -> list[tuple[int, int]]:
    """The longest list of (entry, place) increasing in both, by a Fenwick tree of the best
    chain ending at each entry: places are taken in order, entries before them queried."""
    tree: list[tuple[int, int]] = [(0, -1)] * (count + 1)  # (length, node index)
    nodes = sorted(((pos, k) for k, found in enumerate(places) for pos in found))
    back: list[tuple[int, int, int]] = []  # (k, pos, previous node index)
    length_of: list[int] = []

    def query(k: int) -> tuple[int, int]:  # best over entries < k
        best = (0, -1)
        while k > 0:
            best = max(best, tree[k])
            k -= k & -k
        return best

    def update(k: int, value: tuple[int, int]) -> None:
        k += 1
        while k <= count:
            tree[k] = max(tree[k], value)
            k += k & -k

    i = 0
    while i < len(nodes):
        group = [n for n in nodes[i:] if n[0] == nodes[i][0]]  # one line: query, then update
        results = []
        for pos, k in group:
            length, prev = query(k)
            results.append((pos, k, length + 1, prev))
        for pos, k, length, prev in results:
            back.append((k, pos, prev))
            length_of.append(length)
            update(k, (length, len(back) - 1))
        i += len(group)
    if not back:
        return []
    node = max(range(len(back)), key=lambda n: (length_of[n], -back[n][1]))
    chain = []
    while node != -1:
        k, pos, prev = back[node]
        chain.append((k, pos))
        node = prev
    return chain[::-1]
